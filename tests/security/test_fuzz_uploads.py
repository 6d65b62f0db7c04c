"""Property-based tests of every parser of an uploaded file: figures, the KPI library, risk
reviews and board papers. Whatever the bytes or the cells, the answer is either a successful
import or a refusal with a message a person can read (ImportRefused, ReviewImportRefused,
ValidationError), never another exception, and a refused file saves nothing.

The number of examples per test is bounded by the "cpboard" Hypothesis profile in
tests/conftest.py."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cpboard import roles
from performance.imports import (
    KPI_COLUMNS,
    MEASUREMENT_COLUMNS,
    ImportRefused,
    import_kpis_file,
    import_measurements_file,
)
from performance.judgement import Polarity, Unit
from performance.models import Kpi, Measurement, Target
from strategy.imports import REVIEW_COLUMNS, ReviewImportRefused, import_risk_reviews
from strategy.models import Risk, RiskReview
from subgroups.papers import KINDS, ODT_MIMETYPE, validate_paper
from tests.factories import SubgroupFactory
from tests.performance.factories import KpiFactory
from tests.strategy.factories import RiskFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 2, 1)

# Values a person (or a careless export) puts in a cell: plausible ones, so that rows get past
# the header and into each rule, and anything at all.
PLAUSIBLE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "CLA-COUNT",
        "CLA-IHA",
        "cla-count",
        "CP01",
        "cp01",
        "2024-25 Q3",
        "2024-25 Q4",
        "2025-26 Q1",
        "2024/25 Q3",
        "2025-01-10",
        "10/01/2025",
        "BII",
        "CII",
        "B2",
        "DV",
        "AI",
        "55",
        "55%",
        "1,234",
        "-1",
        "1e309",
        "NaN",
        "Infinity",
        "0.5",
        "11",
        "20",
        "0",
        "count",
        "percentage",
        "rate_per_10000",
        "higher",
        "lower",
        "context",
        "Health",
        "health",
        "=1+1",
        "'=SUM(A1)",
        "+44",
        "@x",
        "x" * 300,
        "\u202etxt.exe",
        "Dwy flynedd",
        "\x00",
    ]
)
TEXT = st.one_of(PLAUSIBLE_TEXT, st.text(max_size=40))
CELL = st.one_of(
    TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
)


def csv_text(columns: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A CSV file: usually the right header, rows of plausible or arbitrary cells, sometimes
    quotes, line breaks in cells and ragged rows."""

    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell

    header = st.one_of(
        st.just(",".join(columns)),
        st.lists(st.sampled_from([*columns, "", "notes"]), max_size=8).map(",".join),
        st.text(max_size=30),
    )
    row = st.lists(TEXT, max_size=len(columns) + 2).map(lambda cells: ",".join(map(quoted, cells)))
    newline = st.sampled_from(["\n", "\r\n", "\r"])
    return st.tuples(header, st.lists(row, max_size=6), newline).map(
        lambda parts: parts[2].join([parts[0], *parts[1]]) + parts[2]
    )


def xlsx_bytes(columns: tuple[str, ...], rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        # Control characters cannot be stored in a workbook at all: Excel never writes them.
        sheet.append(
            [ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row]
        )
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


def xlsx_rows(columns: tuple[str, ...]) -> st.SearchStrategy[list[list]]:
    return st.lists(st.lists(CELL, max_size=len(columns) + 1), max_size=5)


def arbitrary_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=200).map(lambda data: b"\xef\xbb\xbf" + data),
        st.binary(max_size=200).map(lambda data: b"PK\x03\x04" + data),
    )


ZIP_NAMES = st.sampled_from(
    [
        "mimetype",
        "[Content_Types].xml",
        "word/document.xml",
        "xl/workbook.xml",
        "_rels/.rels",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "content.xml",
        "../../etc/passwd",
        "a/" * 20 + "b",
    ]
)
ZIP_CONTENT = st.one_of(
    st.binary(max_size=100),
    st.just(ODT_MIMETYPE),
    st.sampled_from(
        [
            b"<workbook/>",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            b'<worksheet><dimension ref="A1:XFD1048576"/><sheetData/></worksheet>',
            b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row>'
            b"</sheetData></worksheet>",
            b"<sst><si><t>kpi_code</t></si><si><r><t>x</t></r><rPh><t>y</t></rPh></si></sst>",
            b'<Relationships><Relationship Id="rId1" Type="x/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>',
        ]
    ),
    st.integers(min_value=0, max_value=3_000_000).map(lambda size: b" " * size),
)


def zip_of(members: list[tuple[str, bytes]], compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in dict(members).items():
            archive.writestr(name, content)
    return buffer.getvalue()


ZIPS = st.builds(
    zip_of,
    st.lists(st.tuples(ZIP_NAMES, ZIP_CONTENT), max_size=8),
    st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]),
)


# -- Figures -----------------------------------------------------------------------------------


@pytest.fixture
def lead(make_user):
    return make_user(roles.PERFORMANCE_LEAD, username="lead")


@pytest.fixture
def kpis(db):
    health = SubgroupFactory(name="Health", slug="health")
    KpiFactory(code="CLA-COUNT", unit=Unit.COUNT, polarity=Polarity.CONTEXT, subgroup=health)
    KpiFactory(code="CLA-IHA", unit=Unit.PERCENTAGE, definition_year=2024, subgroup=health)


def performance_counts() -> tuple[int, ...]:
    return (
        Measurement.objects.count(),
        Measurement.history.count(),
        Kpi.objects.count(),
        Kpi.history.count(),
        Target.objects.count(),
    )


def answer_of(run, counts) -> str:
    """Run an import; return "saved" or "refused", checking a refusal saved nothing and
    said why."""
    before = counts()
    try:
        run()
    except (ImportRefused, ReviewImportRefused) as refused:
        problems = getattr(refused, "errors", None) or refused.problems
        assert problems
        assert all(problem.message.strip() for problem in problems)
        assert counts() == before
        return "refused"
    return "saved"


@given(content=st.one_of(csv_text(MEASUREMENT_COLUMNS).map(str.encode), arbitrary_bytes()))
def test_any_csv_of_figures_is_imported_or_refused_with_reasons(lead, kpis, content):
    answer_of(
        lambda: import_measurements_file(
            io.BytesIO(content), "figures.csv", user=lead, today=TODAY
        ),
        performance_counts,
    )


@given(rows=xlsx_rows(MEASUREMENT_COLUMNS))
def test_any_cells_of_figures_are_imported_or_refused_with_reasons(lead, kpis, rows):
    content = xlsx_bytes(MEASUREMENT_COLUMNS, rows)
    answer_of(
        lambda: import_measurements_file(
            io.BytesIO(content), "figures.xlsx", user=lead, today=TODAY
        ),
        performance_counts,
    )


@given(content=st.one_of(ZIPS, arbitrary_bytes()))
def test_any_zip_as_a_workbook_of_figures_is_refused_with_reasons(lead, kpis, content):
    answer = answer_of(
        lambda: import_measurements_file(
            io.BytesIO(content), "figures.xlsx", user=lead, today=TODAY
        ),
        performance_counts,
    )
    assert answer == "refused"


# -- The KPI library ---------------------------------------------------------------------------


@given(content=st.one_of(csv_text(KPI_COLUMNS).map(str.encode), arbitrary_bytes()))
def test_any_csv_kpi_library_is_imported_or_refused_with_reasons(lead, kpis, content):
    answer_of(
        lambda: import_kpis_file(io.BytesIO(content), "kpis.csv", user=lead, today=TODAY),
        performance_counts,
    )


@given(rows=xlsx_rows(KPI_COLUMNS))
def test_any_cells_of_a_kpi_library_are_imported_or_refused_with_reasons(lead, kpis, rows):
    content = xlsx_bytes(KPI_COLUMNS, rows)
    answer_of(
        lambda: import_kpis_file(io.BytesIO(content), "kpis.xlsx", user=lead, today=TODAY),
        performance_counts,
    )


# -- Risk reviews ------------------------------------------------------------------------------


@pytest.fixture
def secretary(make_user):
    RiskFactory(reference="CP01")
    return make_user(roles.BOARD_SECRETARY, username="secretary")


def review_counts() -> tuple[int, ...]:
    return (
        RiskReview.objects.count(),
        RiskReview.history.count(),
        Risk.history.count(),
    )


@given(content=st.one_of(csv_text(REVIEW_COLUMNS).map(str.encode), arbitrary_bytes()))
def test_any_csv_of_risk_reviews_is_imported_or_refused_with_reasons(secretary, content):
    answer_of(
        lambda: import_risk_reviews(io.BytesIO(content), "reviews.csv", user=secretary),
        review_counts,
    )


@given(rows=xlsx_rows(REVIEW_COLUMNS))
def test_any_cells_of_risk_reviews_are_imported_or_refused_with_reasons(secretary, rows):
    content = xlsx_bytes(REVIEW_COLUMNS, rows)
    answer_of(
        lambda: import_risk_reviews(io.BytesIO(content), "reviews.xlsx", user=secretary),
        review_counts,
    )


@given(content=st.one_of(ZIPS, arbitrary_bytes()))
def test_any_zip_as_a_workbook_of_reviews_is_refused_with_reasons(secretary, content):
    answer = answer_of(
        lambda: import_risk_reviews(io.BytesIO(content), "reviews.xlsx", user=secretary),
        review_counts,
    )
    assert answer == "refused"


# -- Board papers ------------------------------------------------------------------------------


def paper_answer(content: bytes, name: str) -> str:
    """Validate a paper; return its kind, or "refused" having checked the message."""
    upload = SimpleUploadedFile(name, content)
    try:
        kind = validate_paper(upload)
    except ValidationError as error:
        messages = error.messages
    else:
        messages = []
    if messages:
        assert all(message.strip() for message in messages)
        return "refused"
    assert kind in KINDS.values()
    assert upload.name.endswith(f".{kind.extension}")
    return kind.extension


@given(content=arbitrary_bytes(), extension=st.sampled_from(["pdf", "docx", "xlsx", "odt", "exe"]))
def test_any_bytes_as_a_paper_are_accepted_by_kind_or_refused_with_a_message(content, extension):
    answer = paper_answer(content, f"paper.{extension}")
    assert answer in ("refused", "pdf")
    assert (answer == "pdf") == (content.startswith(b"%PDF-") and extension == "pdf")


@given(content=ZIPS, extension=st.sampled_from(["docx", "xlsx", "odt", "pdf"]))
def test_any_zip_as_a_paper_is_accepted_by_kind_or_refused_with_a_message(content, extension):
    answer = paper_answer(content, f"paper.{extension}")
    assert answer in ("refused", extension)


@given(
    stem=st.text(
        st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="/\\"),
        min_size=1,
        max_size=400,
    )
)
def test_any_name_of_a_paper_is_kept_short_with_its_extension(stem):
    content = b"%PDF-1.4\n%%EOF\n"
    upload = SimpleUploadedFile(f"{stem}.pdf", content)
    if upload.name.lower().endswith(".pdf"):
        validate_paper(upload)
        assert upload.name.endswith(".pdf")
        assert len(upload.name) <= 120
        assert len(upload.name.encode()) <= 180
