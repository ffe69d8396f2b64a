"""Public routes of invitations, mounted at /i/ (see PUBLIC_ROUTES in lytt.testing.authz)."""

from django.urls import path

from lytt.invitations import public_views

app_name = "invite"
urlpatterns = [
    path("<str:token>/", public_views.answer, name="answer"),
    path("<str:token>/unsubscribe", public_views.unsubscribe, name="unsubscribe"),
]
