from hypothesis import HealthCheck, settings

pytest_plugins = ["lytt.testing.fixtures"]

# Property tests check behaviour, not speed: on a loaded 2-core CI machine generating
# inputs can be slow, which must not fail a test (speed lives in bench/).
settings.register_profile("lytt", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lytt")
