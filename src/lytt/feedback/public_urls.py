"""Public respondent routes, mounted at the short prefix `s/`."""

from django.urls import path

from lytt.feedback import respond

app_name = "respond"
urlpatterns = [
    path("<str:token>/", respond.respond_by_token, name="survey"),
]
