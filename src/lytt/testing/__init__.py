"""Test support shared by every capability's tests: personas, the network guard and the
authorisation case registry. Loaded as a pytest plugin from the repository's conftest.py."""
