"""Benchmark: server time of the scorecard for 100 KPIs x 12 quarters, beside Django's admin
change list over the same figures. Prints figures; asserts nothing (see the tests for the
query counts). Run with `make bench`, or:

    .venv/bin/python tests/benchmarks/bench_scorecard.py                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpboard_bench \\
        .venv/bin/python tests/benchmarks/bench_scorecard.py             # PostgreSQL

It builds its own throw-away database (a temporary SQLite file, or `cpboard_bench` on the
PostgreSQL server, created and dropped here), so it never touches the demo data.
"""

import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
KPIS, QUARTERS, RUNS = 100, 12, 30


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import get_runner

    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        build_data()
        report(connection.vendor)
    finally:
        runner.teardown_databases(old_config)


def build_data() -> None:
    from django.contrib.auth import get_user_model

    from cpboard import roles
    from cpboard.quarters import FinancialQuarter
    from performance.models import Comparator, Kpi, Measurement, Target
    from subgroups.models import BoardGroup

    board = BoardGroup.objects.create(name="Board", slug="board", kind="board", remit="x")
    groups = [
        BoardGroup.objects.create(
            name=f"Group {n}", slug=f"group-{n}", reports_to=board, remit="x", position=n
        )
        for n in range(6)
    ]
    User = get_user_model()
    lead = User.objects.create_user("lead", password="bench-password-1")
    roles.assign_role(lead, roles.ADMINISTRATOR)
    lead.is_superuser = True
    lead.save()
    latest = FinancialQuarter.parse("2025-26 Q4")
    kpis = Kpi.objects.bulk_create(
        Kpi(
            code=f"KPI-{n:03d}",
            title=f"Benchmark indicator {n}",
            definition="x",
            definition_year=2023,
            unit="percentage",
            polarity="higher" if n % 2 else "lower",
            subgroup=groups[n % 6],
        )
        for n in range(KPIS)
    )
    Target.objects.bulk_create(
        Target(kpi=kpi, applies_from=2020, target=50, amber_threshold=45 if n % 2 else 55)
        for n, kpi in enumerate(kpis)
    )
    Comparator.objects.bulk_create(
        Comparator(kpi=kpi, year=2024, kind=kind, value=Decimal(50), published_for="2024-25")
        for kpi in kpis
        for kind in ("england", "region", "neighbours")
    )
    Measurement.objects.bulk_create(
        Measurement(
            kpi=kpi,
            quarter=latest - back,
            numerator=(n + back) % 20,
            denominator=20,
            value=Decimal((n + back) % 20 * 5),
            definition_year=2023,
            status="approved",
            commentary="Benchmark commentary explaining the movement.",
        )
        for n, kpi in enumerate(kpis)
        for back in range(QUARTERS)
    )


def timed(client, urls: list[str]) -> dict[str, list[float]]:
    """Request the pages in turn, RUNS times each, so that any drift in the machine's speed
    falls on both alike; the first round warms caches and template loading and is dropped."""
    times: dict[str, list[float]] = {url: [] for url in urls}
    for round_number in range(RUNS + 1):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if round_number:
                times[url].append(elapsed * 1000)
    return times


def report(vendor: str) -> None:
    from django.core.signals import request_started
    from django.db import reset_queries as clear_query_log

    # Django clears the query log as each request starts; keep it to count a page's queries.
    request_started.disconnect(clear_query_log)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username="lead"))
    pages = {
        "scorecard (100 KPIs, one quarter, 8-quarter trends)": "/performance/",
        "admin change list of the same figures (100 a page)": "/admin/performance/measurement/",
    }
    print(f"{KPIS} KPIs x {QUARTERS} quarters on {vendor}; median of {RUNS} requests each")
    times = timed(client, list(pages.values()))
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        ordered = sorted(times[url])
        print(
            f"  {name}: median {statistics.median(ordered):.1f} ms, "
            f"p90 {ordered[int(len(ordered) * 0.9) - 1]:.1f} ms, {len(queries)} queries"
        )


if __name__ == "__main__":
    main()
