from django.urls import path

from lytt.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("<int:pk>/blank-author/", views.blank_author, name="blank-author"),
]
