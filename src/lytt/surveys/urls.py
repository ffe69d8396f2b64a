from django.urls import path

from lytt.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("competency/", views.competency_list, name="competency"),
    path("competency/defaults/", views.competency_ensure, name="competency-ensure"),
    path("competency/add/", views.competency_add, name="competency-add"),
    path("competency/<int:item_id>/", views.competency_update, name="competency-update"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/edit/", views.survey_edit, name="edit"),
    path("<int:survey_id>/settings/", views.survey_settings, name="settings"),
    path("<int:survey_id>/questions/add/", views.question_add, name="question-add"),
    path("<int:survey_id>/questions/<slug:key>/", views.question_edit, name="question-edit"),
    path("<int:survey_id>/questions/<slug:key>/move/", views.question_move, name="question-move"),
    path(
        "<int:survey_id>/questions/<slug:key>/delete/",
        views.question_delete,
        name="question-delete",
    ),
    path("<int:survey_id>/publish/", views.survey_publish, name="publish"),
    path("<int:survey_id>/close/", views.survey_close, name="close"),
    path("<int:survey_id>/preview/", views.survey_preview, name="preview"),
    path("<int:survey_id>/versions/", views.version_list, name="versions"),
    path("<int:survey_id>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:survey_id>/touchpoints/", views.touchpoint_list, name="touchpoints"),
    path("touchpoints/<int:touchpoint_id>/", views.touchpoint_detail, name="touchpoint-detail"),
    path(
        "touchpoints/<int:touchpoint_id>/active/",
        views.touchpoint_toggle,
        name="touchpoint-toggle",
    ),
    path(
        "touchpoints/<int:touchpoint_id>/qr.svg", views.touchpoint_qr_svg, name="touchpoint-qr-svg"
    ),
    path(
        "touchpoints/<int:touchpoint_id>/qr.png", views.touchpoint_qr_png, name="touchpoint-qr-png"
    ),
    path(
        "touchpoints/<int:touchpoint_id>/poster.pdf",
        views.touchpoint_poster,
        name="touchpoint-poster",
    ),
]
