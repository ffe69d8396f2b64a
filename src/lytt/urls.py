from django.urls import include, path

from lytt.api import api
from lytt.web import views as web

urlpatterns = [
    # The API first: its requests are the most frequent, and patterns are tried in order.
    path("api/v1/", api.urls),
    path("", include("lytt.web.urls")),
    path("healthz", web.healthz, name="healthz"),
    path("readyz", web.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("lytt.accounts.urls")),
    path("surveys/", include("lytt.surveys.urls")),
    path("feedback/", include("lytt.feedback.urls")),
    path("s/", include("lytt.feedback.public_urls")),
    path("invitations/", include("lytt.invitations.urls")),
    path("i/", include("lytt.invitations.public_urls")),
    path("mystery/", include("lytt.evaluations.urls")),
    path("imports/", include("lytt.imports.urls")),
    path("reviews/", include("lytt.reviews.urls")),
    path("jobs/", include("lytt.jobs.urls")),
]
