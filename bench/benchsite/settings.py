from lytt.settings import *  # noqa: F403

ROOT_URLCONF = "benchsite.urls"
