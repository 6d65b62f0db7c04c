"""The reports app's part of the permission table; see access.py for what each cell means.

The matrix's reports: a compiled board-only pack (ready to publish, one file), a published
public summary and a draft annual report with a narrative section. Board-only reports and
their files must never reach the young person; writing, compiling and publishing are the
secretary's (and the administrator's).

Aligned by hand like the main table (ruff's formatter is off for it)."""

from django.core.files.base import ContentFile

from cpboard.quarters import FinancialQuarter
from reports import services
from reports.models import AgendaPack, AgendaPackVersion, Report, ReportFile
from tests.permissions.access import LOGIN, NO, OK, POST_ONLY, Access, Demo, Part
from tests.permissions.access_subgroups import RESTRICTED

BOARD_FILE_TEXT = "MATRIX-BOARD-PACK-SENTINEL"
SECTION_TEXT = "Matrix summary: the Board met four times this year."
PACK_TEXT = "MATRIX-AGENDA-PACK"
MEMBERS_PACK_TEXT = "MATRIX-MEMBERS-PACK-SENTINEL"
PUBLIC_PACK_TEXT = "MATRIX-PUBLIC-PACK-SENTINEL"


def _file(report: Report, text: str) -> ReportFile:
    """A small stand-in for a compiled PDF whose bytes carry `text` (compiling is tested in
    tests/reports; here only who may fetch the file matters)."""
    report_file = ReportFile(
        report=report, version=1, sha256="0" * 64, size=0, pages=1, snapshot={}
    )
    content = f"%PDF-1.4\n% {text}\n%%EOF\n".encode()
    report_file.size = len(content)
    report_file.file.save("matrix.pdf", ContentFile(content), save=False)
    report_file.save()
    return report_file


def load(demo: Demo) -> None:
    """A ready board-only pack with a file, a published public summary, a draft report."""
    secretary = demo.users["board-secretary"]
    pack = services.report_create(
        kind=Report.Kind.BOARD_PACK,
        audience=Report.Audience.BOARD,
        quarter=FinancialQuarter.parse("2024-25 Q1"),
        created_by=secretary,
    )
    _file(pack, BOARD_FILE_TEXT)
    Report.objects.filter(pk=pack.pk).update(status=Report.Status.READY)
    summary = services.report_create(
        kind=Report.Kind.YOUNG_PEOPLE,
        audience=Report.Audience.PUBLIC,
        year=2024,
        created_by=secretary,
    )
    published = _file(summary, "MATRIX-PUBLIC-SUMMARY")
    Report.objects.filter(pk=summary.pk).update(
        status=Report.Status.PUBLISHED, published_file=published
    )
    draft = services.report_create(
        kind=Report.Kind.ANNUAL,
        audience=Report.Audience.BOARD,
        year=2024,
        created_by=secretary,
        narrative={"summary": SECTION_TEXT},
    )
    demo.extra["board_report"] = Report.objects.get(pk=pack.pk)
    demo.extra["public_report"] = Report.objects.get(pk=summary.pk)
    demo.extra["draft_report"] = draft
    _agenda_pack(demo)


def _agenda_pack(demo: Demo) -> None:
    """A sent agenda pack of the matrix's Board meeting: small stand-ins for its members'
    and public PDFs, and a change to the restricted item listed in its version."""
    pack = AgendaPack.objects.create(meeting=demo.extra["meeting"], status=AgendaPack.Status.SENT)
    version = AgendaPackVersion(
        pack=pack,
        version=1,
        members_pages=1,
        public_pages=1,
        papers={},
        changes=[
            {
                "number": 2,
                "title": RESTRICTED,
                "restricted": True,
                "public_title": "",
                "what": "Paper replaced: dispute.pdf",
            },
        ],
    )
    for field, text in (("members_file", MEMBERS_PACK_TEXT), ("public_file", PUBLIC_PACK_TEXT)):
        content = f"%PDF-1.4\n% {PACK_TEXT} {text}\n%%EOF\n".encode()
        getattr(version, field).save(f"{field}.pdf", ContentFile(content), save=False)
    version.save()


def _report(demo: Demo, name: str) -> Report:
    return demo.extra[name]


def _report_state(name: str):
    def state(demo: Demo) -> dict:
        report = Report.objects.get(pk=_report(demo, name).pk)
        return {
            "status": report.status,
            "run token": report.run_token,
            "published file": report.published_file_id,
            "history rows": Report.history.filter(id=report.pk).count(),
        }

    return state


def _section_state(demo: Demo) -> dict:
    section = _report(demo, "draft_report").sections.get(key="summary")
    return {"body": section.body, "history rows": section.history.count()}


def _pack_state(demo: Demo) -> dict:
    pack = AgendaPack.objects.get(meeting=demo.extra["meeting"])
    return {
        "status": pack.status,
        "run token": pack.run_token,
        "versions": list(pack.versions.values_list("version", flat=True)),
    }


def _pack_url(demo: Demo) -> str:
    return demo.extra["meeting"].agenda_pack.get_absolute_url()


def _pack_kwargs(demo: Demo) -> dict:
    return {"pk": demo.extra["meeting"].pk}


def _created(demo: Demo) -> dict:
    return {"reports": sorted(Report.objects.values_list("kind", "year", "audience"), key=str)}


def _new_report_url(demo: Demo) -> str:
    return Report.objects.get(kind="annual", year=2023, audience="public").get_absolute_url()


# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    "reports:report-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: _report(demo, "public_report").title,
        parts=(
            Part("board-only reports", lambda demo: _report(demo, "board_report").title,
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
            Part("the create button", lambda demo: "Create a report",
                      (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK)),
        ),
    ),
    "reports:report-create": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        sentinel=lambda demo: "The report starts as a draft",
        payload=lambda demo: {"kind": "annual", "audience": "public", "year": "2023-24"},
        state=_created,
        redirects_to=_new_report_url,
    ),
    "reports:report-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _report(demo, "board_report").pk},
        sentinel=lambda demo: _report(demo, "board_report").title,
        parts=(
            Part("the publish button", lambda demo: "Publish the latest version",
                      (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK)),
            Part("change history", lambda demo: "Change history",
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
        ),
    ),
    "reports:report-status": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _report(demo, "board_report").pk},
        sentinel=lambda demo: "Ready to publish",
    ),
    "reports:section-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _report(demo, "draft_report").pk, "key": "summary"},
        sentinel=lambda demo: SECTION_TEXT,
        payload=lambda demo: {"body": "Changed by the permission matrix."},
        state=_section_state,
        redirects_to=lambda demo: _report(demo, "draft_report").get_absolute_url(),
    ),
    "reports:report-compile": Access(
        get=          (LOGIN,     NO,        NO,        NO,        POST_ONLY, NO,        POST_ONLY),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _report(demo, "draft_report").pk},
        sentinel=lambda demo: _report(demo, "draft_report").title,
        payload=lambda demo: {},
        state=_report_state("draft_report"),
        redirects_to=lambda demo: _report(demo, "draft_report").get_absolute_url(),
    ),
    "reports:report-publish": Access(
        get=          (LOGIN,     NO,        NO,        NO,        POST_ONLY, NO,        POST_ONLY),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _report(demo, "board_report").pk},
        sentinel=lambda demo: _report(demo, "board_report").title,
        payload=lambda demo: {},
        state=_report_state("board_report"),
        redirects_to=lambda demo: _report(demo, "board_report").get_absolute_url(),
    ),
    "reports:file-download": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _report(demo, "board_report").pk, "version": 1},
        sentinel=lambda demo: BOARD_FILE_TEXT,
    ),
    "reports:agenda-pack": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=_pack_kwargs,
        sentinel=lambda demo: "Agenda pack",
        parts=(
            Part("restricted change", lambda demo: RESTRICTED,
                      (LOGIN,     OK,        NO,        NO,        OK,        NO,        NO)),
            Part("send", lambda demo: "Send a new version of the pack",
                      (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK)),
        ),
    ),
    "reports:agenda-pack-send": Access(
        get=          (LOGIN,     NO,        NO,        NO,        POST_ONLY, NO,        POST_ONLY),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_pack_kwargs,
        sentinel=lambda demo: "Version 2 of the agenda pack sent",
        payload=lambda demo: {},
        state=_pack_state,
        redirects_to=_pack_url,
    ),
    # Everyone who reads the board gets a pack; members of the Board who are not young
    # people get the members' version, with the restricted papers.
    "reports:agenda-pack-download": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: _pack_kwargs(demo) | {"version": 1},
        sentinel=lambda demo: PACK_TEXT,
        parts=(
            Part("members' version", lambda demo: MEMBERS_PACK_TEXT,
                      (LOGIN,     OK,        NO,        NO,        OK,        NO,        NO)),
        ),
    ),
    "reports:agenda-pack-public": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: _pack_kwargs(demo) | {"version": 1},
        sentinel=lambda demo: PUBLIC_PACK_TEXT,
        parts=(
            Part("members' version", lambda demo: MEMBERS_PACK_TEXT,
                      (LOGIN,     NO,        NO,        NO,        NO,        NO,        NO)),
        ),
    ),
}
# fmt: on
