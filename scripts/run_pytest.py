"""Runs pytest and treats "no tests collected" (exit 5) as a failure."""

import sys

import pytest

code = pytest.main(sys.argv[1:])
if code == pytest.ExitCode.NO_TESTS_COLLECTED:
    print("pytest collected no tests: failing on purpose", file=sys.stderr)
    sys.exit(1)
sys.exit(int(code))
