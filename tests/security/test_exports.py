"""Formula injection: a title, a commentary or a question someone typed comes out of every CSV
and Excel download as text, never as a formula a spreadsheet would run, and figures stay
numbers. Each list is downloaded by every role that may open it."""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.exports import FORMULA_PREFIXES
from cpboard.quarters import FinancialQuarter
from performance.models import Kpi, Measurement, Target
from subgroups.models import Challenge, Meeting, MeetingAction
from tests.factories import BoardFactory, OutcomeFactory, SubgroupFactory, UserFactory
from tests.strategy.factories import ActionFactory, RiskFactory

pytestmark = pytest.mark.django_db

RISK_TITLE = "=cmd|' /C calc'!A0"
ACTION_TITLE = '=HYPERLINK("http://127.0.0.1:8999/a","x")'
COMMENTARY = '=HYPERLINK("http://127.0.0.1:8999/c","y")'
KPI_TITLE = "-2+3+cmd|' /C calc'!A0"
LOG_ACTION = "@SUM(1+9)*cmd|' /C calc'!A0"
QUESTION = "+1+cmd|' /C calc'!A0"

LATEST = FinancialQuarter.containing(timezone.localdate()).previous()
STAFF = (
    roles.COUNCILLOR,
    roles.OFFICER,
    roles.PERFORMANCE_LEAD,
    roles.BOARD_SECRETARY,
    roles.ADMINISTRATOR,
)
EVERYONE = (*STAFF, roles.YOUNG_PERSON)

# Each list page with a download: the roles that may open it, the text typed into it, and the
# figures in it as (a cell of the row, the column, the number the cell must hold).
LISTS = {
    "strategy:risk-list": (STAFF, RISK_TITLE, [(RISK_TITLE, "Outcome", 7)]),
    "strategy:action-list": (EVERYONE, ACTION_TITLE, [(ACTION_TITLE, "Outcome", 7)]),
    "performance:scorecard": (
        EVERYONE,
        COMMENTARY,
        [("CLA-FELL", "value", Decimal("-3")), ("CLA-IHA", "value", Decimal("55.5"))],
    ),
    "subgroups:action-log": (STAFF, LOG_ACTION, []),
    "subgroups:challenge-log": (STAFF, QUESTION, []),
}
CASES = [
    pytest.param(url, role, fmt, id=f"{url}-{role.slug}-{fmt}")
    for url, (allowed, _, _) in LISTS.items()
    for role in allowed
    for fmt in ("csv", "xlsx")
]


@pytest.fixture
def probe(db):
    """Text that a spreadsheet would run, typed into a risk, an action, a KPI's title and an
    approved figure's commentary, a meeting action and a challenge; figures of -3 and 55.5."""
    outcome = OutcomeFactory(number=7)
    RiskFactory(title=RISK_TITLE, outcome=outcome)
    ActionFactory(title=ACTION_TITLE, outcome=outcome)
    subgroup = SubgroupFactory()
    fell = _kpi("CLA-FELL", "Change in children in care, on last quarter", subgroup)
    health = _kpi("CLA-IHA", KPI_TITLE, subgroup, target=Decimal("55.5"))
    _approved(fell, Decimal("-3"), "Three fewer than last quarter.")
    _approved(health, Decimal("55.5"), COMMENTARY)
    board = BoardFactory()
    officer = UserFactory()
    meeting = Meeting.objects.create(
        group=board,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        place="Gun Wharf",
        status=Meeting.Status.HELD,
    )
    MeetingAction.objects.create(
        group=board, raised_at=meeting, description=LOG_ACTION, owner=officer, due_on="2030-01-31"
    )
    Challenge.objects.create(
        group=board,
        content_type=ContentType.objects.get_for_model(Kpi),
        object_id=health.pk,
        subject_label=f"KPI {health.code}",
        question=QUESTION,
        raised_by=UserFactory(),
        owner=officer,
        due_on="2030-01-01",
    )


def _kpi(code: str, title: str, subgroup, *, target=Decimal("80")) -> Kpi:
    kpi = Kpi.objects.create(
        code=code,
        title=title,
        definition="What is counted.",
        definition_year=2023,
        unit="percentage",
        polarity="higher",
        subgroup=subgroup,
    )
    Target.objects.create(kpi=kpi, applies_from=2020, target=target, amber_threshold=50)
    return kpi


def _approved(kpi: Kpi, value: Decimal, commentary: str) -> Measurement:
    return Measurement.objects.create(
        kpi=kpi,
        quarter=LATEST,
        value=value,
        definition_year=2023,
        status=Measurement.Status.APPROVED,
        commentary=commentary,
    )


# --- Reading a download back as a spreadsheet would ----------------------------------------


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _xlsx_rows(content: bytes) -> list[list[openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def assert_csv_is_safe(content: bytes, typed: str, figures) -> None:
    rows = _csv_rows(content)
    for row in rows:
        for cell in row:
            # A cell a spreadsheet would run starts with a formula character; only a number
            # (-3) may, since a spreadsheet reads it as the number it is.
            assert not cell.startswith(FORMULA_PREFIXES) or _is_number(cell), cell
    assert ["'" + typed] == [cell for row in rows for cell in row if typed in cell]
    header = rows[0]
    for in_row, column, number in figures:
        [row] = [row for row in rows if in_row in row or "'" + in_row in row]
        cell = row[header.index(column)]
        assert _is_number(cell)
        assert Decimal(cell) == number


def assert_xlsx_is_safe(content: bytes, typed: str, figures) -> None:
    rows = _xlsx_rows(content)
    formulas = [cell.coordinate for row in rows for cell in row if cell.data_type == "f"]
    assert formulas == []
    [cell] = [cell for row in rows for cell in row if typed in str(cell.value or "")]
    assert (cell.value, cell.data_type) == ("'" + typed, "s")
    header = [cell.value for cell in rows[0]]
    for in_row, column, number in figures:
        [row] = [row for row in rows if {in_row, "'" + in_row} & {c.value for c in row}]
        cell = row[header.index(column)]
        assert cell.data_type == "n"
        assert Decimal(str(cell.value)) == number


def assert_safe(content: bytes, fmt: str, typed: str, figures) -> None:
    if fmt == "csv":
        assert_csv_is_safe(content, typed, figures)
    else:
        assert_xlsx_is_safe(content, typed, figures)


# --- The downloads ---------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "role", "fmt"), CASES)
def test_list_downloads_write_typed_text_as_text_and_figures_as_numbers(
    probe, client_as, url, role, fmt
):
    _, typed, figures = LISTS[url]

    response = client_as(role).get(reverse(url), {"_export": fmt})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    assert_safe(response.content, fmt, typed, figures)


@pytest.mark.parametrize("role", [roles.PERFORMANCE_LEAD, roles.ADMINISTRATOR])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_kpi_library_download_writes_a_title_as_text(probe, client_as, role, fmt):
    response = client_as(role).get(reverse("performance:export-kpis", args=[fmt]))

    assert response.status_code == 200
    assert_safe(response.content, fmt, KPI_TITLE, [("CLA-IHA", "target", Decimal("55.5"))])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_kpis_command_writes_a_title_as_text(probe, tmp_path, fmt):
    path = tmp_path / f"library.{fmt}"

    call_command("export_kpis", str(path), stdout=io.StringIO())

    assert_safe(path.read_bytes(), fmt, KPI_TITLE, [("CLA-IHA", "target", Decimal("55.5"))])


def test_a_format_the_portal_does_not_write_shows_the_page_with_a_message(probe, client_as):
    response = client_as(roles.COUNCILLOR).get(reverse("strategy:risk-list"), {"_export": "json"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "can be downloaded as CSV or Excel (XLSX) only" in response.text
    assert "cmd|" in response.text  # the register itself, as a page
