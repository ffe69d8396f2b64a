from __future__ import annotations

from lytt.jobs.actions import do_create_job
from lytt.testing.authz import ANYONE, AuthzCase, Target
from lytt.testing.world import World

MARKER = "acme-secret-job-kind"


def _job(w: World) -> int:
    return do_create_job(w.users["alice"], w.org, kind=MARKER, total=5).pk


CASES = [
    AuthzCase(
        route="jobs:list",
        build=lambda w: (_job(w), Target("/jobs/", marker=MARKER))[1],
        can=ANYONE,  # everyone sees the list of their own jobs
        sees=frozenset({"ada", "alice"}),
    ),
    AuthzCase(
        route="jobs:detail",
        build=lambda w: Target(f"/jobs/{_job(w)}/", marker=MARKER),
        can=frozenset({"ada", "alice"}),
    ),
    AuthzCase(
        route="api:lytt_jobs_api_get_job",
        build=lambda w: Target(f"/api/v1/jobs/{_job(w)}", marker=MARKER),
        can=frozenset({"ada", "alice"}),
        api=True,
    ),
]
