from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = "Strategy"

    def ready(self) -> None:
        from strategy.models import Action, Risk
        from subgroups.challenges import register_challenge_subject

        register_challenge_subject(Action, "Action")
        register_challenge_subject(Risk, "Risk")
