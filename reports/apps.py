from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from reports import receivers
        from subgroups.signals import paper_changed

        paper_changed.connect(receivers.send_new_agenda_pack, dispatch_uid="reports-agenda-pack")
