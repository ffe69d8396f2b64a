from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lytt.jobs.access import access_job, jobs_visible


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(jobs_visible(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's status. With htmx, only the progress fragment (polled every 2 s while
    the job runs); without JavaScript, the page offers a refresh link."""
    job = access_job(request.user, pk)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})
