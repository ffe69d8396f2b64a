from django.urls import path

from lytt.invitations import views

app_name = "invitations"
urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("upload/", views.contacts_upload, name="upload"),
    path("policy/", views.policy, name="policy"),
]
