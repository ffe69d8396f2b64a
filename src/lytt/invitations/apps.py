from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "lytt.invitations"
    label = "invitations"
    verbose_name = _("Invitations")

    def ready(self) -> None:
        from lytt.lib.nav import NavItem, register

        register(
            NavItem("invitations", _("Invitations"), "invitations:list", "invitations.manage", 250)
        )
