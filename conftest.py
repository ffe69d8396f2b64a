pytest_plugins = ["lytt.testing.fixtures"]
