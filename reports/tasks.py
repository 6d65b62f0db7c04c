"""Celery tasks of the reports app: thin wrappers over services."""

from celery import shared_task

from reports import agenda_packs, services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def compile_report(report_id: int, run_token: str) -> int | None:
    """Compile one run of a report; returns the new file's version, or None when the run
    failed (the report says why) or a newer request took over. A repeat of a finished run
    does nothing, so the broker may deliver it again after a worker is lost."""
    report_file = services.report_compile(report_id=report_id, run_token=run_token)
    return report_file.version if report_file else None


@shared_task
def compile_due_board_pack() -> int | None:
    """Daily: on the first working day after a quarter ends, compile the draft board pack."""
    report = services.board_pack_compile_due()
    return report.pk if report else None


@shared_task
def sweep_temporary_files() -> int:
    """Daily: delete temporary PDFs older than a day, left by compiles whose worker was
    killed; returns how many."""
    return services.report_temporary_files_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def compile_agenda_pack(pack_id: int, run_token: str) -> int | None:
    """Compile and send the next version of a meeting's agenda pack; returns its version, or
    None when the run failed or a newer request took over. A repeat does nothing."""
    version = agenda_packs.agenda_pack_compile(pack_id=pack_id, run_token=run_token)
    return version.version if version else None
