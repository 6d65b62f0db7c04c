"""Hostile or clumsy uploads: zip bombs, sparse spreadsheets that claim a million rows, oversized
CSV files and very long names get a plain message on the page, and nothing is saved.

The files here are small versions of the attacks (a member that unpacks far beyond its packed
size, a sheet whose used area runs to a far row): the limits they cross are the same ones the
large versions cross, see tests/benchmarks/bench_hostile_files.py for those."""

import io
import zipfile
from html import unescape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cpboard import roles, uploads
from performance.imports import KPI_COLUMNS
from performance.models import Measurement
from strategy.models import RiskReview
from subgroups.models import AgendaItem
from tests.factories import BoardFactory
from tests.performance.factories import KpiFactory
from tests.strategy.factories import RiskFactory
from tests.subgroups.conftest import make_meeting, pdf_upload

pytestmark = pytest.mark.django_db

UNUSUAL = "This file looks damaged or is packed in an unusual way"
FIGURES_HEADER = ["kpi_code", "period", "value", "numerator", "denominator", "commentary"]
REVIEWS_HEADER = ["risk", "quarter", "reviewed_on", "rating", "note"]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_bytes(rows: list[list], far_cell: tuple[int, int, str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far_cell:
        row, column, value = far_cell
        sheet.cell(row=row, column=column, value=value)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


def rewrite_member(workbook: bytes, name: str, change) -> bytes:
    """The workbook with one member's XML passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members[name] = change(members[name])
    return zip_bytes(members)


def add_paper(client, meeting, upload):
    return client.post(
        reverse("subgroups:item-add", args=[meeting.pk]),
        {"title": "Item with a paper", "presenter": "", "upload": upload},
    )


# -- Board papers ------------------------------------------------------------------------------


@pytest.fixture
def secretary_and_meeting(client_as):
    client = client_as(roles.BOARD_SECRETARY)
    return client, make_meeting(BoardFactory())


def test_an_odt_whose_mimetype_unpacks_far_beyond_its_size_is_refused_unread(
    secretary_and_meeting,
):
    client, meeting = secretary_and_meeting
    # 4 MB of one letter packs into a few kilobytes: a ratio a real document never has.
    bomb = zip_bytes({"mimetype": b"a" * 4_000_000, "content.xml": b"<office/>"})

    response = add_paper(client, meeting, SimpleUploadedFile("paper.odt", bomb))

    assert response.status_code == 200
    assert UNUSUAL in unescape(response.text)
    assert "save it again and upload it" in unescape(response.text)
    assert not AgendaItem.objects.filter(title="Item with a paper").exists()


def test_a_document_of_thousands_of_members_is_refused(secretary_and_meeting):
    client, meeting = secretary_and_meeting
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    members |= {f"word/media/{n}.xml": b"" for n in range(uploads.MAX_ZIP_MEMBERS + 1)}

    response = add_paper(client, meeting, SimpleUploadedFile("paper.docx", zip_bytes(members)))

    assert UNUSUAL in unescape(response.text)
    assert not AgendaItem.objects.filter(title="Item with a paper").exists()


def test_a_paper_with_a_very_long_name_is_kept_under_a_shortened_name(secretary_and_meeting):
    client, meeting = secretary_and_meeting
    name = "Corporate parenting board quarterly performance report " * 5
    name = name[:236] + ".pdf"  # 240 characters

    response = add_paper(client, meeting, pdf_upload(name, "LONG NAME PAPER"))

    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Item with a paper")
    assert item.paper_name.endswith(".pdf")
    assert item.paper_name.startswith("Corporate parenting board quarterly")
    assert len(item.paper_name) <= uploads.MAX_NAME_CHARS
    download = client.get(reverse("subgroups:paper-download", args=[item.pk]))
    assert b"LONG NAME PAPER" in b"".join(download.streaming_content)
    assert item.paper_name in download["Content-Disposition"]


# -- Figures and the KPI library ---------------------------------------------------------------


def post_figures(client, content: bytes, name: str = "figures.xlsx"):
    return client.post(
        reverse("performance:import-figures"), {"file": SimpleUploadedFile(name, content)}
    )


def problems(response) -> list[str]:
    return [problem.message for problem in response.context["refused"]]


def test_a_sheet_whose_used_area_runs_to_a_far_row_is_refused_before_reading(client_as):
    KpiFactory(code="CLA-COUNT")
    content = xlsx_bytes(
        [FIGURES_HEADER, ["CLA-COUNT", "2024-25 Q3", 481]], far_cell=(20_000, 30, "x")
    )

    response = post_figures(client_as(roles.PERFORMANCE_LEAD), content)

    [message] = problems(response)
    assert "row 20,000" in message
    assert "Delete the empty rows" in message
    assert not Measurement.objects.exists()


def test_a_sheet_whose_dimension_hides_a_far_row_is_refused_when_reached(client_as):
    KpiFactory(code="CLA-COUNT")
    content = xlsx_bytes(
        [FIGURES_HEADER, ["CLA-COUNT", "2024-25 Q3", 481]], far_cell=(50_000, 2, "x")
    )
    # The dimension record says the sheet is two rows deep: it lies.
    content = rewrite_member(
        content,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'ref="A1:F50000"', b'ref="A1:F2"'),
    )

    response = post_figures(client_as(roles.PERFORMANCE_LEAD), content)

    [message] = problems(response)
    assert "row 50,000" in message
    assert not Measurement.objects.exists()


def test_a_value_far_to_the_right_is_refused(client_as):
    KpiFactory(code="CLA-COUNT")
    content = xlsx_bytes([FIGURES_HEADER, ["CLA-COUNT", "2024-25 Q3", 481]], far_cell=(2, 300, "x"))

    response = post_figures(client_as(roles.PERFORMANCE_LEAD), content)

    [message] = problems(response)
    assert "column KN" in message
    assert not Measurement.objects.exists()


def test_a_workbook_whose_sheet_unpacks_far_beyond_its_size_is_refused(client_as):
    KpiFactory(code="CLA-COUNT")
    content = xlsx_bytes([FIGURES_HEADER, ["CLA-COUNT", "2024-25 Q3", 481]])
    padding = b"<!--" + b" " * 4_000_000 + b"-->"
    content = rewrite_member(content, "xl/worksheets/sheet1.xml", lambda xml: xml + padding)

    response = post_figures(client_as(roles.PERFORMANCE_LEAD), content)

    [message] = problems(response)
    assert UNUSUAL in message
    assert not Measurement.objects.exists()


def test_a_kpi_library_sheet_with_a_far_row_is_refused(client_as):
    content = xlsx_bytes([list(KPI_COLUMNS), ["CLA-X", "A KPI"]], far_cell=(200_000, 200, "x"))

    response = client_as(roles.PERFORMANCE_LEAD).post(
        reverse("performance:import-kpis"),
        {"file": SimpleUploadedFile("kpis.xlsx", content)},
    )

    [message] = problems(response)
    assert "row 200,000" in message


# -- Risk reviews ------------------------------------------------------------------------------


def post_reviews(client, content: bytes, name: str):
    return client.post(reverse("strategy:risk-import"), {"file": SimpleUploadedFile(name, content)})


def review_problems(response) -> list[str]:
    return [problem.message for problem in response.context["problems"]]


def test_a_review_sheet_with_a_far_row_is_refused_and_nothing_saved(client_as):
    RiskFactory(reference="CP01")
    content = xlsx_bytes(
        [REVIEWS_HEADER, ["CP01", "2024-25 Q3", "2025-01-10", "CII", "Steady."]],
        far_cell=(200_000, 200, "x"),
    )

    response = post_reviews(client_as(roles.BOARD_SECRETARY), content, "reviews.xlsx")

    [message] = review_problems(response)
    assert "row 200,000" in message
    assert "Nothing was saved" in response.text
    assert not RiskReview.objects.exists()


def test_a_review_workbook_bomb_is_refused(client_as):
    content = xlsx_bytes([REVIEWS_HEADER])
    padding = b"<!--" + b" " * 4_000_000 + b"-->"
    content = rewrite_member(content, "xl/worksheets/sheet1.xml", lambda xml: xml + padding)

    response = post_reviews(client_as(roles.BOARD_SECRETARY), content, "reviews.xlsx")

    [message] = review_problems(response)
    assert UNUSUAL in message
    assert not RiskReview.objects.exists()


def test_a_review_csv_larger_than_the_limit_is_refused_and_nothing_saved(client_as):
    RiskFactory(reference="CP01")
    row = "CP01,2024-25 Q3,2025-01-10,CII," + "n" * 1000 + "\n"
    text = ",".join(REVIEWS_HEADER) + "\n" + row * (uploads.MAX_CSV_BYTES // len(row) + 1)

    response = post_reviews(client_as(roles.BOARD_SECRETARY), text.encode(), "reviews.csv")

    [message] = review_problems(response)
    assert "larger than 5 MB" in message
    assert not RiskReview.objects.exists()


def test_a_review_csv_with_a_row_after_thousands_of_empty_lines_is_refused(client_as):
    RiskFactory(reference="CP01")
    text = ",".join(REVIEWS_HEADER) + "\n" + "\n" * 5000 + "CP01,2024-25 Q3,2025-01-10,CII,x\n"

    response = post_reviews(client_as(roles.BOARD_SECRETARY), text.encode(), "reviews.csv")

    [message] = review_problems(response)
    assert "The table stops at row 1, but there is more after 1,000 empty rows" in message
    assert not RiskReview.objects.exists()


@pytest.mark.parametrize("blank_rows_kept", [True, False], ids=["formatted", "left-out"])
def test_values_after_a_thousand_empty_rows_are_refused_not_dropped(client_as, blank_rows_kept):
    RiskFactory(reference="CP01")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(REVIEWS_HEADER)
    sheet.append(["CP01", "2024-25 Q3", "2025-01-10", "CII", "Steady."])
    for row in range(3, 1_200):
        # Formatted but empty, Excel keeps a row in the file; otherwise it leaves it out.
        if blank_rows_kept:
            sheet.cell(row=row, column=1).number_format = "0%"
    sheet.cell(row=1_200, column=1)
    sheet.append(["CP01", "2024-25 Q4", "2025-04-10", "BII", "Worse."])
    content = io.BytesIO()
    book.save(content)

    response = post_reviews(client_as(roles.BOARD_SECRETARY), content.getvalue(), "reviews.xlsx")

    [message] = review_problems(response)
    assert "The table stops at row 2, but there is more after 1,000 empty rows" in message
    assert not RiskReview.objects.exists()


def test_a_review_csv_with_data_after_a_thousand_empty_lines_is_refused(client_as):
    RiskFactory(reference="CP01")
    text = (
        ",".join(REVIEWS_HEADER)
        + "\nCP01,2024-25 Q3,2025-01-10,CII,Steady.\n"
        + ",,,,\n" * 1_500
        + "CP01,2024-25 Q4,2025-04-10,BII,Worse.\n"
    )

    response = post_reviews(client_as(roles.BOARD_SECRETARY), text.encode(), "reviews.csv")

    [message] = review_problems(response)
    assert "The table stops at row 2, but there is more after 1,000 empty rows" in message
    assert not RiskReview.objects.exists()


def test_a_review_csv_ending_in_thousands_of_empty_lines_is_imported(client_as):
    RiskFactory(reference="CP01")
    text = ",".join(REVIEWS_HEADER) + "\nCP01,2024-25 Q3,2025-01-10,CII,Steady.\n"
    text += ",,,,\n" * 9_000

    response = post_reviews(client_as(roles.BOARD_SECRETARY), text.encode(), "reviews.csv")

    assert response.status_code == 302
    assert RiskReview.objects.count() == 1
