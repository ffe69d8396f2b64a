from django.urls import path

from lytt.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/resume/", views.import_resume, name="resume"),
]
