from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "lytt.reviews"
    label = "reviews"
    verbose_name = _("Public reviews")

    def ready(self) -> None:
        from lytt.lib.nav import NavItem, register

        register(NavItem("reviews", _("Public reviews"), "reviews:list", "feedback.view", 300))
