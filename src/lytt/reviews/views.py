from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lytt.accounts.access import require_scope, units_visible
from lytt.reviews import actions
from lytt.reviews.access import access_review
from lytt.reviews.forms import ReviewFilterForm
from lytt.reviews.queries import filtered_reviews


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    scope = require_scope(request.user, "feedback.view")
    units = units_visible(request.user, "feedback.view")
    form = ReviewFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = filtered_reviews(request.user, **{k: v for k, v in filters.items() if v not in ("", None)})
    summary = qs.aggregate(count=Count("pk"), average=Avg("rating"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/list.html",
        {
            "form": form,
            "page": page,
            "summary": summary,
            "query": query.urlencode(),
            "can_manage": scope.has("imports.manage"),
        },
    )


@login_required
@require_POST
def blank_author(request: HttpRequest, pk: int) -> HttpResponse:
    require_scope(request.user, "imports.manage")
    review = access_review(request.user, pk)
    actions.do_blank_review_author(request.user, review)
    messages.success(request, _("The reviewer's name was removed."))
    return redirect("reviews:list")
