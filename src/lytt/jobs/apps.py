from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "lytt.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from lytt.lib.nav import NavItem, register

        register(NavItem("jobs", _("Jobs"), "jobs:list", "imports.manage", 760))
