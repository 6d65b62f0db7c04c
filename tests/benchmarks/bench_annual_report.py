"""Benchmark: compiling the annual report on the demo data, as the task does, and where the
time goes: inside WeasyPrint (layout and PDF writing) and outside it (the snapshot's queries,
the templates and charts, scoping the table headers, saving the file). Prints figures; asserts
nothing. Run with:

    .venv/bin/python tests/benchmarks/bench_annual_report.py

It builds its own throw-away SQLite database and media folder, loads the demo board (without
its demo reports), imports WeasyPrint once, then compiles the public annual report for the
last full financial year RUNS times and reports the median.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RUNS = 5


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    scratch = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{scratch}/media"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cpboard.demo import load_demo_users
    from performance.demo import load_demo_kpis
    from strategy.demo import load_demo_plan, load_demo_strategy
    from subgroups.demo import load_demo_groups, load_demo_meetings

    load_demo_users()
    load_demo_groups()
    load_demo_meetings()
    load_demo_strategy()
    load_demo_plan()
    load_demo_kpis()

    import weasyprint  # noqa: F401 - import once, as a long-running worker has

    from cpboard.quarters import FinancialYear
    from reports import services
    from reports.models import Report
    from reports.rendering import Timings

    year = FinancialYear.current().previous()
    report = services.report_create(
        kind=Report.Kind.ANNUAL,
        audience=Report.Audience.PUBLIC,
        year=year.start_year,
        created_by=None,
    )
    totals, inside, headers, pages = [], [], [], 0
    for _ in range(RUNS):
        report = services.report_compile_request(report=report, requested_by=None, queue=False)
        timings = Timings()
        started = time.perf_counter()
        report_file = services.report_compile(
            report_id=report.pk, run_token=report.run_token, timings=timings
        )
        totals.append(time.perf_counter() - started)
        inside.append(timings.steps["weasyprint"])
        headers.append(timings.steps["table headers"])
        pages = report_file.pages
        report.refresh_from_db()
    total, weasy = statistics.median(totals), statistics.median(inside)
    print(f"Annual report {year}, public, {pages} pages, median of {RUNS} compiles:")
    print(f"  total          {total:6.2f} s   (target under 10 s)")
    print(f"  in WeasyPrint  {weasy:6.2f} s")
    print(f"  outside it     {total - weasy:6.2f} s   ({(total - weasy) / total:.0%} of the total)")
    scoping = statistics.median(headers)
    print(f"  of which table headers scoped (pikepdf) {scoping:.2f} s ({scoping / total:.0%})")
    print(f"  every run (s): {', '.join(f'{t:.2f}' for t in totals)}")


if __name__ == "__main__":
    main()
