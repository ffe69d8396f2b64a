from django.urls import include, path

from lytt.api import api
from lytt.web import views as web

urlpatterns = [
    path("", include("lytt.web.urls")),
    path("healthz", web.healthz, name="healthz"),
    path("readyz", web.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("lytt.accounts.urls")),
    path("api/v1/", api.urls),
]
