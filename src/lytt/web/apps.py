from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lytt.web"
    label = "web"
    verbose_name = "Web shell"
