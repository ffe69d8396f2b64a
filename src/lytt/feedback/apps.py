from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "lytt.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from lytt.lib.nav import NavItem, register

        register(
            NavItem("responses", _("Responses"), "feedback:response-list", "feedback.view", 200)
        )
        register(NavItem("visits", _("Visits"), "feedback:visit-list", "feedback.view", 210))
        register(NavItem("themes", _("Own themes"), "feedback:theme-list", "themes.manage", 220))
