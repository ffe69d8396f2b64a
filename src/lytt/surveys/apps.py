from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "lytt.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from lytt.lib.nav import NavItem, register

        register(NavItem("surveys", _("Surveys"), "surveys:list", "surveys.view", 500))
        register(
            NavItem("competency", _("Competency model"), "surveys:competency", "surveys.view", 510)
        )
