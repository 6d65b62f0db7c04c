from django.apps import AppConfig


class CpboardConfig(AppConfig):
    name = "cpboard"
    verbose_name = "Portal"
