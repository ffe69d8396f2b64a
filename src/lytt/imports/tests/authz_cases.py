from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from lytt.imports import actions
from lytt.imports.tests.helpers import REVIEW_HEADER, csv_bytes, review_rows
from lytt.testing.authz import AuthzCase, Target
from lytt.testing.world import World

MANAGERS = frozenset({"ada", "alice"})
# Mallory is an administrator too, of another organisation: she may list and upload in
# her own, but must never see Acme's imports.
ANY_ADMIN = MANAGERS | {"mallory"}


def _batch(w: World, filename: str = "acme-private-reviews.csv") -> int:
    batch = actions.do_upload_import(
        w.users["ada"],
        w.org,
        kind="reviews",
        filename=filename,
        content=csv_bytes(REVIEW_HEADER, review_rows(3)),
    )
    return batch.pk


def _upload_target(w: World) -> Target:
    content = csv_bytes(REVIEW_HEADER, review_rows(2))
    return Target("/imports/", {"kind": "reviews", "file": SimpleUploadedFile("u.csv", content)})


def _api_upload_target(w: World) -> Target:
    content = csv_bytes(REVIEW_HEADER, review_rows(2))
    return Target(
        "/api/v1/imports", {"kind": "reviews", "file": SimpleUploadedFile("u.csv", content)}
    )


def _failed_batch(w: World) -> Target:
    pk = _batch(w)
    from lytt.imports.models import ImportBatch, ImportStatus

    ImportBatch.objects.filter(pk=pk).update(status=ImportStatus.FAILED)
    return Target(f"/imports/{pk}/resume/", {}, marker="acme-private-reviews")


CASES = [
    AuthzCase(
        route="imports:list",
        build=lambda w: (_batch(w), Target("/imports/", marker="acme-private-reviews"))[1],
        can=ANY_ADMIN,
        sees=MANAGERS,
    ),
    AuthzCase(
        route="imports:list",
        method="POST",
        build=_upload_target,
        can=ANY_ADMIN,
        sees=MANAGERS,
        note="upload",
    ),
    AuthzCase(
        route="imports:detail",
        build=lambda w: Target(f"/imports/{_batch(w)}/", marker="acme-private-reviews"),
        can=MANAGERS,
    ),
    AuthzCase(
        route="imports:resume",
        method="POST",
        build=_failed_batch,
        can=MANAGERS,
    ),
    AuthzCase(
        route="api:lytt_imports_api_list_imports",
        build=lambda w: (_batch(w), Target("/api/v1/imports", marker="acme-private-reviews"))[1],
        can=ANY_ADMIN,
        sees=MANAGERS,
        api=True,
    ),
    AuthzCase(
        route="api:lytt_imports_api_get_import",
        build=lambda w: Target(f"/api/v1/imports/{_batch(w)}", marker="acme-private-reviews"),
        can=MANAGERS,
        api=True,
    ),
    AuthzCase(
        route="api:lytt_imports_api_create_import",
        method="POST",
        build=_api_upload_target,
        can=ANY_ADMIN,
        sees=MANAGERS,
        api=True,
    ),
]
