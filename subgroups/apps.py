from django.apps import AppConfig


class SubgroupsConfig(AppConfig):
    name = "subgroups"
    verbose_name = "Board and sub-groups"

    def ready(self) -> None:
        from subgroups.challenges import register_challenge_subject
        from subgroups.models import HighlightReport

        register_challenge_subject(HighlightReport, "Highlight report", select_related=("group",))
