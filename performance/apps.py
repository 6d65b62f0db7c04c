from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from performance.models import Kpi
        from subgroups.challenges import register_challenge_subject

        register_challenge_subject(Kpi, "KPI")
