"""Benchmark: How we compare. Loads every file of DfE's tables in ../shared/data/dfe (or
DFE_DATA), printing the import time (target: all files under 15 s), then the server time of
the How we compare page, a KPI page and the scorecard with 30 KPIs linked to DfE measures
(target: under 150 ms each). Prints figures; asserts nothing (the query counts are pinned in
tests/performance/test_dfe_pages.py). Run with `make bench`, or:

    .venv/bin/python tests/benchmarks/bench_dfe.py                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpboard_bench \\
        .venv/bin/python tests/benchmarks/bench_dfe.py                   # PostgreSQL

It builds its own throw-away database, as bench_scorecard.py does.
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
DATA = Path(os.environ.get("DFE_DATA", ROOT.parent / "shared" / "data" / "dfe"))
KPIS, RUNS = 30, 30


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

    settings.DFE_LA_CODE = "887"
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        import_all()
        build_kpis()
        report(connection.vendor)
    finally:
        runner.teardown_databases(old_config)


def import_all() -> None:
    from performance.benchmarks.importer import import_dfe_file
    from performance.benchmarks.models import DfeFigure

    files = sorted(DATA.glob("*.csv"))
    if not files:
        # A clean clone has no copy of DfE's full tables beside it: time the demo's extract.
        from performance.benchmarks.demo import load_demo_statistics

        started = time.perf_counter()
        load_demo_statistics()
        print(
            f"No DfE files in {DATA} (set DFE_DATA): the demo's extract "
            f"({DfeFigure.objects.count():,} figures) loaded in "
            f"{time.perf_counter() - started:.1f} s"
        )
        return
    started = time.perf_counter()
    for path in files:
        import_dfe_file(path, path.name)
    first = time.perf_counter() - started
    started = time.perf_counter()
    for path in files:
        import_dfe_file(path, path.name)
    again = time.perf_counter() - started
    print(
        f"import_dfe_statistics, {len(files)} files ({DfeFigure.objects.count():,} figures): "
        f"{first:.1f} s (target < 15 s); loading them again (nothing changes): {again:.1f} s"
    )


def build_kpis() -> None:
    from django.contrib.auth import get_user_model

    from cpboard import roles
    from cpboard.quarters import FinancialQuarter
    from performance.benchmarks.catalogue import catalogue
    from performance.models import Kpi, Measurement
    from subgroups.models import BoardGroup

    board = BoardGroup.objects.create(name="Board", slug="board", kind="board", remit="x")
    User = get_user_model()
    lead = User.objects.create_user("lead", password="bench-password-1")
    roles.assign_role(lead, roles.COUNCILLOR)
    keys = [key for key, m in catalogue().items() if m.unit == "percentage"]
    kpis = Kpi.objects.bulk_create(
        Kpi(
            code=f"DFE-{n:03d}",
            title=f"Linked indicator {n}",
            definition="x",
            definition_year=2023,
            unit="percentage",
            polarity="higher",
            subgroup=board,
            dfe_measure=keys[n % len(keys)],
        )
        for n in range(KPIS)
    )
    latest = FinancialQuarter.parse("2025-26 Q4")
    Measurement.objects.bulk_create(
        Measurement(
            kpi=kpi,
            quarter=latest - back,
            value=Decimal(40 + n % 30),
            definition_year=2023,
            status="approved",
        )
        for n, kpi in enumerate(kpis)
        for back in range(8)
    )


def report(vendor: str) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="lead"))
    pages = {
        f"How we compare ({KPIS} linked KPIs)": "/performance/compare/",
        "KPI page with How we compare": "/performance/kpis/DFE-004/",
        f"scorecard ({KPIS} linked KPIs)": "/performance/",
    }
    times: dict[str, list[float]] = {url: [] for url in pages.values()}
    for round_number in range(RUNS + 1):
        for url in pages.values():
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if round_number:
                times[url].append(elapsed * 1000)
    print(f"Server time on {vendor}, median of {RUNS} requests (target < 150 ms):")
    for name, url in pages.items():
        print(f"  {name}: {statistics.median(times[url]):.0f} ms")


if __name__ == "__main__":
    main()
