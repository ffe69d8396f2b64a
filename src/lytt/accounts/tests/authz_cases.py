from lytt.testing.authz import ANYONE, AuthzCase, Target

CASES = [
    AuthzCase(
        route="api:lytt_accounts_api_me",
        build=lambda w: Target("/api/v1/me"),
        can=ANYONE,
        api=True,
        note="token",
    ),
]
