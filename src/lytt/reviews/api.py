"""API: list, read and add public reviews."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lytt.accounts.access import access_organisation, access_unit, principal_of, require_scope
from lytt.reviews import actions
from lytt.reviews.access import access_review
from lytt.reviews.models import PublicReview
from lytt.reviews.queries import filtered_reviews

router = Router()


class PublicReviewOut(Schema):
    id: int
    unit_id: int | None
    source: str
    rating: float
    rating_max: int
    stars: float
    text: str
    language: str
    posted_at: datetime
    author: str
    link: str
    external_id: str


class PublicReviewIn(Schema):
    unit_id: int | None = None
    source: str
    rating: float
    rating_max: int = 5
    text: str = ""
    language: str = ""
    posted_at: datetime
    author: str = ""
    link: str = ""
    external_id: str = ""


class PublicReviewPage(Schema):
    items: list[PublicReviewOut]
    next_cursor: int | None


def review_out(r: PublicReview) -> PublicReviewOut:
    return PublicReviewOut(
        id=r.pk,
        unit_id=r.unit_id,
        source=r.source,
        rating=r.rating,
        rating_max=r.rating_max,
        stars=r.stars,
        text=r.text,
        language=r.language,
        posted_at=r.posted_at,
        author=r.author,
        link=r.link,
        external_id=r.external_id,
    )


@router.get("", response=PublicReviewPage, summary="Public reviews in the caller's scope")
def list_reviews(
    request: HttpRequest,
    unit_id: int | None = None,
    source: str | None = None,
    min_stars: float | None = None,
    max_stars: float | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    cursor: int | None = None,
    limit: int = 50,
) -> PublicReviewPage:
    """Newest first (by id); filters: unit (with its subtree), source, stars on a 1–5
    scale, period. Pass `next_cursor` as `cursor` for the next page."""
    who = principal_of(request)
    unit = access_unit(who, unit_id, "feedback.view") if unit_id else None
    qs = filtered_reviews(
        who,
        unit=unit,
        source=source,
        min_stars=min_stars,
        max_stars=max_stars,
        date_from=date_from,
        date_to=date_to,
    ).order_by("-pk")
    if cursor:
        qs = qs.filter(pk__lt=cursor)
    limit = max(1, min(limit, 200))
    items = list(qs[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return PublicReviewPage(
        items=[review_out(r) for r in items], next_cursor=items[-1].pk if more else None
    )


@router.get("/{review_id}", response=PublicReviewOut, summary="One public review")
def get_review(request: HttpRequest, review_id: int) -> PublicReviewOut:
    return review_out(access_review(principal_of(request), review_id))


@router.post("", response={201: PublicReviewOut}, summary="Add a public review")
def create_review(request: HttpRequest, payload: PublicReviewIn) -> Status[PublicReviewOut]:
    """Needs the `imports.manage` permission. A review already stored (same source and
    external id, or same unit, day, rating, author and text) is refused."""
    who = principal_of(request)
    require_scope(who, "imports.manage")
    org = access_organisation(who)
    unit = access_unit(who, payload.unit_id) if payload.unit_id else None
    data = actions.clean_review(
        org,
        source=payload.source,
        rating=payload.rating,
        rating_max=payload.rating_max,
        posted_at=payload.posted_at,
        text=payload.text,
        language=payload.language,
        unit=unit,
        author=payload.author,
        link=payload.link,
        external_id=payload.external_id,
    )
    return Status(201, review_out(actions.do_create_review(who, org, data)))
