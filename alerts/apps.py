from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "E-mail alerts"

    def ready(self) -> None:
        # The lower apps send signals; the receivers that turn them into alerts live here.
        from alerts import receivers  # noqa: F401
