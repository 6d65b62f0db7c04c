"""Benchmark: compiling a 60-page agenda pack, as the task does (the members' and the public
version), and where the time goes: WeasyPrint's layout of the front page, contents, agenda
and item pages; merging the papers' pages and attaching the Word paper (pikepdf); and the
last pass of every PDF (cpboard.tagged_pdf). Prints figures; asserts nothing. Run with:

    .venv/bin/python tests/benchmarks/bench_agenda_pack.py

It builds its own throw-away SQLite database and media folder with the demo people and
groups, a Board meeting of ten items (nine PDF papers of 47 pages in all, one Word paper and
a restricted item), imports WeasyPrint once, then sends the pack RUNS times (each a new
version) and reports the median.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RUNS = 3
PAPER_PAGES = (5, 5, 5, 5, 5, 5, 5, 5, 7)
"""Pages of each PDF paper: with the three opening pages and ten item pages, 60 in all."""


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    scratch = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{scratch}/media"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from cpboard.demo import demo_people, load_demo_users
    from subgroups import services
    from subgroups.demo import load_demo_groups, paper_docx, paper_pdf
    from subgroups.models import BoardGroup

    load_demo_users()
    load_demo_groups()
    secretary = demo_people("secretary")["secretary"]
    meeting = services.meeting_create(
        group=BoardGroup.objects.board(),
        changed_by=secretary,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        place="Civic Centre, Council Chamber",
    )
    line = "The Board is asked to note the report and its recommendations. " * 2
    for number, pages in enumerate(PAPER_PAGES, start=1):
        content = paper_pdf(
            f"Paper {number}",
            [[f"Paper {number}, page {page}", *[line[:90]] * 40] for page in range(pages)],
        )
        services.agenda_item_create(
            meeting=meeting,
            changed_by=secretary,
            title=f"Paper {number}",
            is_restricted=number == 9,
            paper=ContentFile(content, name=f"paper-{number}.pdf"),
        )
    services.agenda_item_create(
        meeting=meeting,
        changed_by=secretary,
        title="Word paper",
        paper=ContentFile(paper_docx("Word paper", [line] * 20), name="word-paper.docx"),
    )
    # The standing items take no paper here: ten items in all, as planned.
    meeting.agenda_items.filter(paper="").exclude(title="Word paper").delete()

    import weasyprint  # noqa: F401 - import once, as a long-running worker has

    from reports import agenda_packs
    from reports.rendering import Timings

    totals, steps, version = [], [], None
    for _ in range(RUNS):
        pack = agenda_packs.agenda_pack_send(meeting=meeting, requested_by=secretary, queue=False)
        timings = Timings()
        started = time.perf_counter()
        version = agenda_packs.agenda_pack_compile(
            pack_id=pack.pk, run_token=pack.run_token, timings=timings
        )
        totals.append(time.perf_counter() - started)
        steps.append(timings.steps)
    total = statistics.median(totals)
    print(
        f"Agenda pack, {version.members_pages} pages (members' version; public "
        f"{version.public_pages}), median of {RUNS} compiles of both versions:"
    )
    print(f"  total           {total:6.2f} s   (target under 10 s)")
    for name in ("weasyprint", "merging", "table headers"):
        seconds = statistics.median(step[name] for step in steps)
        print(f"  {name:<15} {seconds:6.2f} s")
    print(f"  every run (s): {', '.join(f'{t:.2f}' for t in totals)}")


if __name__ == "__main__":
    main()
