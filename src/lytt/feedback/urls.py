from django.urls import path

from lytt.feedback import views

app_name = "feedback"
urlpatterns = [
    path("responses/", views.response_list, name="response-list"),
    path("responses/<int:response_id>/", views.response_detail, name="response-detail"),
]
