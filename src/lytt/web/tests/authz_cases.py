from lytt.testing.authz import ANYONE, AuthzCase, Target

CASES = [
    AuthzCase(route="web:home", build=lambda w: Target("/"), can=ANYONE),
]
