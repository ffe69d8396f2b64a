"""Scoped reads of imports (administrators and CX managers: `imports.manage`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lytt.accounts.access import require_scope
from lytt.imports.models import ImportBatch


def imports_visible(principal: Any) -> QuerySet[ImportBatch]:
    scope = require_scope(principal, "imports.manage")
    return (
        ImportBatch.objects.filter(organisation_id=scope.organisation_id)
        .select_related("job", "created_by")
        .defer("content")
    )


def access_import(principal: Any, batch_id: Any) -> ImportBatch:
    try:
        return imports_visible(principal).get(pk=int(batch_id))
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("import") from None
