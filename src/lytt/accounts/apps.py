from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lytt.accounts"
    label = "accounts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from lytt.lib.nav import NavItem, register

        register(NavItem("units", _("Units"), "accounts:unit-list", "units.view", 800))
        register(
            NavItem("employees", _("Employees"), "accounts:employee-list", "employees.view", 810)
        )
        register(NavItem("users", _("Users"), "accounts:user-list", "users.view", 820))
        register(NavItem("tokens", _("API tokens"), "accounts:token-list", "tokens.manage", 830))
        register(NavItem("audit", _("Audit log"), "accounts:audit-list", "audit.view", 840))
        # Anyone with a login may have personal tokens (evaluators use them most).
        register(NavItem("my-tokens", _("My API tokens"), "accounts:my-tokens", None, 850))
