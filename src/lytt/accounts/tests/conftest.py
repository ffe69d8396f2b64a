import pytest


@pytest.fixture(autouse=True)
def _english(settings) -> None:  # type: ignore[no-untyped-def]
    """Assertions read the English source strings; other languages are tested by
    tests/test_translations.py."""
    settings.LANGUAGE_CODE = "en"
