from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lytt.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from lytt.lib.nav import NavItem, register

        register(NavItem("imports", _("Imports"), "imports:list", "imports.manage", 750))
