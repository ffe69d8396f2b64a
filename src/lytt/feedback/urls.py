from django.urls import path

from lytt.feedback import views

app_name = "feedback"
urlpatterns = [
    path("responses/", views.response_list, name="response-list"),
    path("responses/<int:response_id>/", views.response_detail, name="response-detail"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/new/", views.visit_create, name="visit-create"),
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/<int:theme_id>/", views.theme_edit, name="theme-edit"),
]
