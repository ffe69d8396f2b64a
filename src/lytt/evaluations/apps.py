from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "lytt.evaluations"
    label = "evaluations"
    verbose_name = _("Mystery shopping")

    def ready(self) -> None:
        from lytt.lib.nav import NavItem, register

        # Managers reach forms and assignments from the mystery-shopping page.
        register(
            NavItem(
                "mystery-tasks",
                _("My mystery shops"),
                "evaluations:my-assignments",
                "mystery.evaluate",
                400,
            )
        )
        register(
            NavItem(
                "mystery", _("Mystery shopping"), "evaluations:evaluation-list", "mystery.view", 401
            )
        )
