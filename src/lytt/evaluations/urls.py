from django.urls import path

from lytt.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("forms/", views.form_list, name="form-list"),
    path("forms/new/", views.form_create, name="form-create"),
    path("forms/standard/", views.form_create_default, name="form-create-default"),
    path("forms/<int:form_id>/", views.form_detail, name="form-detail"),
    path("assignments/", views.assignment_list, name="assignment-list"),
    path(
        "assignments/<int:assignment_id>/cancel/",
        views.assignment_cancel,
        name="assignment-cancel",
    ),
    path("my/", views.my_assignments, name="my-assignments"),
    path("my/<int:assignment_id>/", views.evaluate, name="evaluate"),
    path("evaluations/", views.evaluation_list, name="evaluation-list"),
    path("evaluations/<int:evaluation_id>/", views.evaluation_detail, name="evaluation-detail"),
]
