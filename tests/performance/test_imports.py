"""Importing quarterly figures and the KPI library from CSV and XLSX, and exporting the library.

Quarter rules depend on the date, so every import here runs on TODAY, 1 February 2025: 2024-25
Q3 (October to December 2024) has ended and 2024-25 Q4 has not.
"""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.imports import (
    ImportRefused,
    RowError,
    export_kpis,
    import_kpis,
    import_kpis_file,
    import_measurements,
    import_measurements_file,
    read_table,
)
from performance.judgement import Polarity, Unit
from performance.models import Kpi, Measurement, Target
from tests.factories import OutcomeFactory, StrategyFactory, SubgroupFactory
from tests.performance.factories import KpiFactory, MeasurementFactory, TargetFactory

TODAY = date(2025, 2, 1)
Q3 = FinancialQuarter(2024, 3)
Q2 = FinancialQuarter(2024, 2)

HEADER = "kpi_code,period,value,numerator,denominator,commentary"
KPI_HEADER = "code,title,unit,polarity,target,amber_threshold,year,sub_group,outcome"


@pytest.fixture
def lead(make_user):
    return make_user(roles.PERFORMANCE_LEAD, username="lead")


@pytest.fixture
def health(db):
    return SubgroupFactory(name="Health", slug="health")


@pytest.fixture
def kpis(health):
    """A count (children in care), a percentage (health assessments) and a rate."""
    return {
        "count": KpiFactory(
            code="CLA-COUNT", unit=Unit.COUNT, polarity=Polarity.CONTEXT, subgroup=health
        ),
        "percentage": KpiFactory(
            code="CLA-IHA", unit=Unit.PERCENTAGE, definition_year=2024, subgroup=health
        ),
        "rate": KpiFactory(
            code="CLA-RATE", unit=Unit.RATE_PER_10000, polarity=Polarity.LOWER, subgroup=health
        ),
    }


def write_csv(tmp_path, *lines: str, name: str = "figures.csv", bom: bool = False):
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + "\n".join(lines).encode() + b"\n")
    return path


def write_xlsx(tmp_path, rows: list[list], name: str = "figures.xlsx", formats=None):
    """An Excel file as a person would make it; `formats` maps (row, column) to a format."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for (row, column), number_format in (formats or {}).items():
        sheet.cell(row=row, column=column).number_format = number_format
    path = tmp_path / name
    workbook.save(path)
    return path


def import_file(path, user, **kwargs):
    return import_measurements_file(path, path.name, user=user, today=TODAY, **kwargs)


def refusal_of(path, user, **kwargs) -> list[RowError]:
    with pytest.raises(ImportRefused) as refused:
        import_file(path, user, **kwargs)
    return refused.value.errors


def counts() -> dict[str, int]:
    return {
        "figures": Measurement.objects.count(),
        "figure history": Measurement.history.count(),
        "kpis": Kpi.objects.count(),
        "kpi history": Kpi.history.count(),
        "targets": Target.objects.count(),
        "target history": Target.history.count(),
    }


# --- Reading files ---------------------------------------------------------------------------


def test_read_table_numbers_lines_as_a_spreadsheet_does_and_skips_blank_rows(tmp_path):
    path = write_csv(
        tmp_path,
        " KPI_Code , Period,Value,numerator,denominator,commentary,notes",
        "CLA-COUNT,2024-25 Q3,481,,,,ignored",
        ",,,,,,",
        "",
        'CLA-IHA,2024-25 Q3,,11,20,"Two lines,\nof commentary",',
        "CLA-RATE,2024-25 Q3,75.3,,,,",
    )

    rows = read_table(path, path.name, columns=HEADER.split(","))

    assert [row.line for row in rows] == [2, 5, 6]
    assert rows[0]["kpi_code"] == "CLA-COUNT"
    assert rows[1]["commentary"] == "Two lines,\nof commentary"


def test_read_table_accepts_a_byte_order_mark(tmp_path):
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,", bom=True)

    assert read_table(path, path.name, columns=HEADER.split(","))[0]["kpi_code"] == "CLA-COUNT"


def test_read_table_names_every_missing_column(tmp_path):
    path = write_csv(tmp_path, "kpi_code,period,value,commentary", "CLA-COUNT,2024-25 Q3,4,")

    with pytest.raises(ImportRefused) as refused:
        read_table(path, path.name, columns=HEADER.split(","))

    [error] = refused.value.errors
    assert error.line == 1
    assert "no numerator and denominator columns" in error.message


def test_read_table_refuses_a_csv_that_is_not_utf8_and_says_how_to_save_it(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes(f"{HEADER}\nCLA-COUNT,2024-25 Q3,4,,,Spent \xa3400\n".encode("cp1252"))

    with pytest.raises(ImportRefused) as refused:
        read_table(path, path.name, columns=HEADER.split(","))

    [error] = refused.value.errors
    assert error.line == 2
    assert "CSV UTF-8" in error.message


def test_read_table_refuses_a_csv_with_a_nul_byte_naming_its_line(tmp_path):
    """A zero byte is in no text file; PostgreSQL cannot store or even look one up, so the
    import answered with a server error (found by tests/security/test_fuzz_uploads.py)."""
    path = tmp_path / "figures.csv"
    path.write_bytes(f"{HEADER}\nCLA-COUNT,2024-25 Q3,4,,,\n\x00\n".encode())

    with pytest.raises(ImportRefused) as refused:
        read_table(path, path.name, columns=HEADER.split(","))

    [error] = refused.value.errors
    assert error.line == 3
    assert "not a text file" in error.message


def test_read_table_refuses_other_kinds_of_file(tmp_path):
    path = write_csv(tmp_path, HEADER, name="figures.xls")

    with pytest.raises(ImportRefused, match=r"not a \.csv or \.xlsx file"):
        read_table(path, path.name, columns=HEADER.split(","))


def test_read_table_reads_excel_numbers_and_percentages_as_typed(tmp_path):
    path = write_xlsx(
        tmp_path,
        [HEADER.split(","), ["CLA-IHA", "2024-25 Q3", 0.55, None, None, None], [], ["x", 55.5]],
        formats={(2, 3): "0%"},
    )

    rows = read_table(path, path.name, columns=HEADER.split(","))

    assert [row.line for row in rows] == [2, 4]
    assert Decimal(rows[0]["value"]) == Decimal("55")
    assert rows[1]["period"] == "55.5"


def test_read_table_refuses_a_damaged_workbook(tmp_path):
    path = tmp_path / "figures.xlsx"
    path.write_bytes(b"not a zip file")

    with pytest.raises(ImportRefused, match="cannot be read as an Excel workbook"):
        read_table(path, path.name, columns=HEADER.split(","))


# --- Importing figures -----------------------------------------------------------------------


def test_good_csv_saves_every_figure_as_submitted(tmp_path, lead, kpis):
    path = write_csv(
        tmp_path,
        HEADER,
        "CLA-COUNT,2024-25 Q3,481,,,Up by 12 since Q2.",
        "CLA-IHA,2024-25 Q3,,11,20,",
        "cla-rate,2024-25 q2,75.3,,,",
    )

    result = import_file(path, lead)

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    figures = {m.kpi.code: m for m in Measurement.objects.select_related("kpi")}
    assert figures["CLA-COUNT"].value == Decimal("481")
    assert figures["CLA-COUNT"].commentary == "Up by 12 since Q2."
    # 11 out of 20 is 55.0%, worked out as the entry form does.
    assert figures["CLA-IHA"].value == Decimal("55.0")
    assert (figures["CLA-IHA"].numerator, figures["CLA-IHA"].denominator) == (11, 20)
    assert figures["CLA-IHA"].definition_year == 2024
    assert figures["CLA-RATE"].quarter == Q2
    for figure in figures.values():
        assert figure.status == Measurement.Status.SUBMITTED
        assert figure.entered_by == lead
        assert figure.submitted_at is not None
        assert figure.approved_by is None
        assert figure.history.get().history_user == lead


def test_good_xlsx_saves_every_figure_as_submitted(tmp_path, lead, kpis):
    path = write_xlsx(
        tmp_path,
        [
            HEADER.split(","),
            ["CLA-COUNT", "2024-25 Q3", 481, None, None, "Steady"],
            ["CLA-IHA", "2024-25 Q3", None, 11, 20, None],
            ["CLA-RATE", "2024-25 Q3", 75.3, None, None, None],
        ],
    )

    result = import_file(path, lead)

    assert result.created == 3
    values = dict(Measurement.objects.values_list("kpi__code", "value"))
    assert values == {
        "CLA-COUNT": Decimal("481"),
        "CLA-IHA": Decimal("55.0"),
        "CLA-RATE": Decimal("75.3"),
    }
    assert set(Measurement.objects.values_list("status", flat=True)) == {"submitted"}


def test_figures_formatted_by_a_spreadsheet_are_read_as_typed(tmp_path, lead, kpis):
    path = write_csv(
        tmp_path, HEADER, 'CLA-COUNT,2024-25 Q3,"1,234",,,', "CLA-IHA,2024-25 Q3,55%,,,"
    )

    import_file(path, lead)

    assert dict(Measurement.objects.values_list("kpi__code", "value")) == {
        "CLA-COUNT": Decimal("1234"),
        "CLA-IHA": Decimal("55"),
    }


def test_an_uploaded_file_is_imported(lead, kpis):
    upload = SimpleUploadedFile(
        "figures.csv", f"{HEADER}\nCLA-COUNT,2024-25 Q3,481,,,\n".encode(), "text/csv"
    )

    result = import_measurements_file(upload, upload.name, user=lead, today=TODAY)

    assert result.describe() == "Figures: 1 created, 0 updated, 0 unchanged."


def test_a_file_with_bad_rows_saves_nothing_and_lists_every_bad_row(tmp_path, lead, kpis):
    MeasurementFactory(kpi=kpis["count"], quarter=Q2, value=Decimal("470"))
    before = counts()
    path = write_csv(
        tmp_path,
        HEADER,
        "CLA-COUNT,2024-25 Q3,481,,,",  # good
        "CLA-NOPE,2024-25 Q3,4,,,",
        "CLA-COUNT,2024-25 Q2,475,,,",  # good: replaces the submitted Q2 figure
        "CLA-IHA,2024-25 Q3,,21,20,",
        "CLA-RATE,Q3 2024,75.3,,,",
    )

    errors = refusal_of(path, lead)

    assert [error.line for error in errors] == [3, 5, 6]
    assert counts() == before
    assert Measurement.objects.get().value == Decimal("470")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("CLA-NOPE,2024-25 Q3,4,,,", 'There is no KPI with the code "CLA-NOPE".'),
        (
            "CLA-COUNT,2024-25 Q5,4,,,",
            '"2024-25 Q5" is not a financial-year quarter: the quarter must be Q1, Q2, Q3 or '
            'Q4, as in "2024-25 Q3".',
        ),
        ("CLA-COUNT,,4,,,", "A blank value is not a financial-year quarter"),
        ("CLA-COUNT,2024-25 Q4,4,,,", "2024-25 Q4 has not ended yet."),
        ("CLA-IHA,2024-25 Q3,101,,,", "A percentage must be between 0 and 100."),
        (
            "CLA-IHA,2024-25 Q3,,21,20,",
            "The numerator (21) cannot be more than the denominator (20).",
        ),
        ("CLA-IHA,2024-25 Q3,,5,0,", "The denominator must be more than 0."),
        ("CLA-IHA,2024-25 Q3,,5,,", "Enter the denominator as well as the numerator."),
        ("CLA-IHA,2024-25 Q3,,-1,20,", "The numerator cannot be negative: it counts children."),
        ("CLA-IHA,2024-25 Q3,,2.5,20,", 'The numerator must be a whole number, not "2.5".'),
        ("CLA-IHA,2024-25 Q3,60,11,20,", "The value (60) does not match"),
        ("CLA-COUNT,2024-25 Q3,-3,,,", "The figure cannot be negative."),
        ("CLA-COUNT,2024-25 Q3,4.5,,,", "A count is a whole number."),
        ("CLA-COUNT,2024-25 Q3,,3,4,", "CLA-COUNT is a count: enter one value."),
        ("CLA-COUNT,2024-25 Q3,lots,,,", 'The value "lots" is not a number.'),
        ("CLA-COUNT,2024-25 Q3,,,,Just commentary", "Enter a figure."),
        ("CLA-RATE,2024-25 Q3,75.333,,,", "Ensure that there are no more than 2 decimal places."),
    ],
)
def test_each_bad_row_says_what_is_wrong(tmp_path, lead, kpis, line, message):
    path = write_csv(tmp_path, HEADER, line)

    [error] = refusal_of(path, lead)

    assert error.line == 2
    assert message in error.message
    assert not Measurement.objects.exists()


def test_rows_built_by_hand_are_numbered_as_if_under_a_header(lead, kpis):
    rows = [
        {"kpi_code": "CLA-COUNT", "period": "2024-25 Q3", "value": 481},
        {"kpi_code": "CLA-COUNT", "period": "2024-25 Q2", "value": "many"},
    ]

    with pytest.raises(ImportRefused) as refused:
        import_measurements(rows, user=lead, today=TODAY)

    assert [str(error) for error in refused.value.errors] == [
        'line 3: The value "many" is not a number.'
    ]


def test_checking_a_file_takes_the_same_queries_however_long_it_is(
    tmp_path, lead, health, django_assert_num_queries
):
    for n in range(20):
        KpiFactory(code=f"CLA-{n}", subgroup=health)
    lines = [f"CLA-{n},{quarter},{n},,," for n in range(20) for quarter in ("2024-25 Q2", Q3)]
    rows = read_table(write_csv(tmp_path, HEADER, *lines, "CLA-NOPE,2024-25 Q3,1,,,"), "f.csv")

    # The importer's roles, the KPIs named in the file, the stored figures for them (locked),
    # and the savepoint opened, rolled back and released around them: 41 rows, 6 queries.
    with django_assert_num_queries(6), pytest.raises(ImportRefused):
        import_measurements(rows, user=lead, today=TODAY)


def test_the_same_figure_twice_in_a_file_is_refused_naming_the_first_line(tmp_path, lead, kpis):
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,", "CLA-COUNT,2024-25 Q3,482,,,")

    [error] = refusal_of(path, lead)

    assert error == RowError(3, "The 2024-25 Q3 figure for CLA-COUNT is on line 2 too.")


def test_an_approved_figure_is_not_overwritten(tmp_path, lead, kpis):
    MeasurementFactory(kpi=kpis["count"], quarter=Q3, status=Measurement.Status.APPROVED)
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,")

    [error] = refusal_of(path, lead)

    assert error == RowError(2, "The 2024-25 Q3 figure for CLA-COUNT is approved; reopen it first.")
    assert Measurement.objects.get().value == Decimal("12")


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_an_unapproved_figure_is_replaced_by_the_imported_one(tmp_path, lead, kpis, status):
    figure = MeasurementFactory(
        kpi=kpis["count"], quarter=Q3, status=status, return_reason="Check the cohort."
    )
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,Corrected")

    result = import_file(path, lead)

    assert (result.created, result.updated) == (0, 1)
    figure.refresh_from_db()
    assert (figure.value, figure.commentary, figure.status) == (481, "Corrected", "submitted")
    assert figure.return_reason == ""
    assert figure.version == 2
    assert figure.entered_by == lead
    assert figure.history.first().history_user == lead


def test_importing_the_same_file_twice_changes_nothing(tmp_path, lead, kpis):
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,", "CLA-IHA,2024-25 Q3,,11,20,")
    import_file(path, lead)
    before = counts()

    result = import_file(path, lead)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert counts() == before


def test_performance_lead_can_import_historic_figures_as_approved(tmp_path, lead, kpis):
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2019-20 Q1,402,,,", "CLA-IHA,2019-20 Q1,,9,20,")

    result = import_file(path, lead, approve=True)

    assert result.created == 2
    for figure in Measurement.objects.all():
        assert figure.status == Measurement.Status.APPROVED
        assert figure.approved_by == lead
        assert figure.approved_at is not None
        assert figure.entered_by == lead


def test_a_councillor_cannot_import_figures_as_approved(tmp_path, make_user, kpis):
    councillor = make_user(roles.COUNCILLOR, username="cllr")
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,")

    [error] = refusal_of(path, councillor, approve=True)

    assert error.line == 0
    assert "cllr cannot import figures as approved" in str(error)
    assert not Measurement.objects.exists()


def test_an_officer_cannot_import_figures_as_approved(tmp_path, make_user, kpis):
    officer = make_user(roles.OFFICER)
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,")

    [error] = refusal_of(path, officer, approve=True)

    assert "only a performance lead signs off figures" in error.message


def test_an_officer_imports_only_the_kpis_they_own(tmp_path, make_user, kpis):
    officer = make_user(roles.OFFICER)
    kpis["count"].owner = officer
    kpis["count"].save()
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,", "CLA-IHA,2024-25 Q3,,1,2,")

    [error] = refusal_of(path, officer)

    assert error.line == 3
    assert "CLA-IHA is not one of your KPIs" in error.message
    own = write_csv(tmp_path, HEADER, "CLA-COUNT,2024-25 Q3,481,,,", name="own.csv")
    assert import_file(own, officer).created == 1


# --- The KPI library -------------------------------------------------------------------------


@pytest.fixture
def strategy(health):
    strategy = StrategyFactory(title="Corporate Parenting Strategy 2024-2027")
    OutcomeFactory(strategy=strategy, number=3, lead_group=health)
    return strategy


def kpi_rows(*lines: str) -> list[dict]:
    names = KPI_HEADER.split(",")
    return [dict(zip(names, line.split(","), strict=True)) for line in lines]


def test_import_kpis_creates_kpis_and_their_targets(lead, strategy):
    result = import_kpis(
        kpi_rows(
            "CLA-IHA,Initial health assessments in 20 working days,percentage,higher,"
            "90,80,2024-25,health,3",
            "CLA-IHA,Initial health assessments in 20 working days,percentage,higher,"
            "92,85,2025-26,health,3",
            "CLA-COUNT,Children in care,count,context,,,,Health,",
        ),
        user=lead,
        today=TODAY,
    )

    assert (
        result.describe()
        == "KPIs: 2 created, 0 updated, 0 unchanged. Targets: 2 created, 0 updated."
    )
    iha = Kpi.objects.get(code="CLA-IHA")
    assert (iha.unit, iha.polarity, iha.subgroup.slug) == ("percentage", "higher", "health")
    assert iha.outcome.number == 3
    assert iha.definition == iha.title
    assert iha.definition_year == 2024
    assert list(iha.targets.values_list("applies_from", "target", "amber_threshold")) == [
        (2024, Decimal("90"), Decimal("80")),
        (2025, Decimal("92"), Decimal("85")),
    ]
    count = Kpi.objects.get(code="CLA-COUNT")
    assert count.outcome is None
    assert not count.targets.exists()
    # No year in the file: the definition is this financial year's.
    assert count.definition_year == 2024
    assert iha.history.get().history_user == lead


def test_import_kpis_updates_an_existing_code_and_adds_new_year_targets(lead, health, strategy):
    kpi = KpiFactory(code="CLA-IHA", title="Old title", unit=Unit.PERCENTAGE, subgroup=health)
    TargetFactory(kpi=kpi, applies_from=2023, target=Decimal("85"), amber_threshold=None)
    TargetFactory(kpi=kpi, applies_from=2024, target=Decimal("88"), amber_threshold=None)

    result = import_kpis(
        kpi_rows(
            "CLA-IHA,New title,percentage,higher,90,80,2024-25,Health,",
            "CLA-IHA,New title,percentage,higher,92,85,2025-26,Health,",
        ),
        user=lead,
    )

    assert (result.created, result.updated, result.targets_created, result.targets_updated) == (
        0,
        1,
        1,
        1,
    )
    assert Kpi.objects.filter(code="CLA-IHA").count() == 1
    kpi.refresh_from_db()
    assert kpi.title == "New title"
    assert kpi.definition_year == 2023  # an existing KPI keeps its definition
    assert list(kpi.targets.values_list("applies_from", "target")) == [
        (2023, Decimal("85")),
        (2024, Decimal("90")),
        (2025, Decimal("92")),
    ]
    assert kpi.history.first().history_user == lead


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "CLA-X,Title,percent,higher,90,80,2024-25,health,",
            'The unit "percent" is not one of count, percentage, rate_per_10000, days.',
        ),
        (
            "CLA-X,Title,percentage,up,90,80,2024-25,health,",
            'The polarity "up" is not one of higher, lower, context.',
        ),
        (
            "CLA-X,Title,percentage,higher,90,80,2024-2025,health,",
            '"2024-2025" is not a financial year: expected the form "YYYY-YY"',
        ),
        (
            "CLA-X,Title,percentage,higher,90,80,2024-25,Dentistry,",
            'There is no board group called "Dentistry". Use one of Corporate Parenting Board, '
            "Health.",
        ),
        (
            "CLA-X,Title,percentage,higher,90,80,2024-25,health,9",
            "Corporate Parenting Strategy 2024-2027 has no outcome 9.",
        ),
        ("CLA-X,Title,percentage,higher,ninety,80,2024-25,health,", 'target "ninety" is not'),
        (
            "CLA-X,Title,percentage,higher,90,95,2024-25,health,",
            "The amber threshold (95) is above the target (90)",
        ),
        (
            "CLA-X,Title,count,context,500,,2024-25,health,",
            "This KPI is context only: it has no target and no RAG rating.",
        ),
        (
            "cla x,Title,percentage,higher,90,80,2024-25,health,",
            "Use capital letters, digits and hyphens, like CLA-IHA-20WD.",
        ),
        ("CLA-X,Title,percentage,higher,90,80,,health,", "Give the year the target applies from"),
        ("CLA-X,,percentage,higher,90,80,2024-25,health,", "The title is blank."),
    ],
)
def test_each_bad_kpi_row_says_what_is_wrong(lead, strategy, line, message):
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        import_kpis(kpi_rows(line), user=lead)

    [error] = refused.value.errors
    assert error.line == 2
    assert message in error.message
    assert counts() == before


def test_a_kpi_library_with_bad_rows_saves_nothing_and_lists_each(lead, strategy):
    before = counts()
    rows = kpi_rows(
        "CLA-IHA,Health assessments,percentage,higher,90,80,2024-25,health,3",
        "CLA-IHA,Health assessments,percentage,higher,91,80,2024-25,health,3",
        "CLA-OK,Fine,count,higher,10,8,2024-25,health,",
        "CLA-OK,Fine but renamed,count,higher,12,8,2025-26,health,",
        "CLA-NEW,New,days,lower,20,25,2024-25,nowhere,",
    )

    with pytest.raises(ImportRefused) as refused:
        import_kpis(rows, user=lead)

    assert [str(error) for error in refused.value.errors] == [
        "line 3: CLA-IHA's target from 2024-25 is on line 2 too.",
        "line 5: CLA-OK is on line 4 with a different title: every row for one KPI must give "
        "the same title, unit, polarity, sub_group and outcome.",
        'line 6: There is no board group called "nowhere". Use one of Corporate Parenting '
        "Board, Health.",
    ]
    assert counts() == before


def test_every_problem_on_one_kpi_row_is_listed(lead, health):
    with pytest.raises(ImportRefused) as refused:
        import_kpis(kpi_rows("CLA-X,Title,percent,lower,0,-5,,health,"), user=lead)

    assert [error.message for error in refused.value.errors] == [
        'The unit "percent" is not one of count, percentage, rate_per_10000, days.',
        "Give the year the target applies from, such as 2024-25.",
        "The amber threshold (-5) is below the target (0), but lower is better for this KPI: "
        "the amber threshold is the worst value still counted amber, so it must be at or "
        "above the target.",
    ]


def test_a_unit_cannot_change_under_stored_figures(lead, kpis):
    MeasurementFactory(kpi=kpis["percentage"], value=Decimal("55"))

    with pytest.raises(ImportRefused, match="already has figures counted as a percentage"):
        import_kpis(kpi_rows("CLA-IHA,Title,count,higher,,,,health,"), user=lead)


def test_a_new_polarity_must_fit_the_targets_the_file_leaves_alone(lead, kpis):
    TargetFactory(kpi=kpis["percentage"], applies_from=2023, target=90, amber_threshold=80)

    with pytest.raises(ImportRefused, match="stored target from 2023-24 does not fit"):
        import_kpis(kpi_rows("CLA-IHA,Title,percentage,lower,10,20,2024-25,health,"), user=lead)


def test_only_a_performance_lead_imports_the_kpi_library(make_user, health):
    officer = make_user(roles.OFFICER, username="officer1")
    upload = SimpleUploadedFile(
        "kpis.csv", f"{KPI_HEADER}\nCLA-X,Title,count,higher,,,,health,\n".encode()
    )

    with pytest.raises(ImportRefused, match="officer1 cannot import the KPI library"):
        import_kpis_file(upload, upload.name, user=officer)
    assert not Kpi.objects.exists()


def library() -> list[tuple]:
    return sorted(
        (
            kpi.code,
            kpi.title,
            kpi.unit,
            kpi.polarity,
            kpi.subgroup_id,
            kpi.outcome_id,
            tuple(kpi.targets.values_list("applies_from", "target", "amber_threshold")),
        )
        for kpi in Kpi.objects.all()
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_library_imports_back_unchanged(tmp_path, lead, kpis, strategy, fmt):
    outcome = strategy.outcomes.get()
    kpis["percentage"].outcome = outcome
    kpis["percentage"].title = "=Health assessments, on time"  # a comma and a formula sign
    kpis["percentage"].save()
    TargetFactory(kpi=kpis["percentage"], applies_from=2023, target=Decimal("85.5"))
    TargetFactory(kpi=kpis["percentage"], applies_from=2024, target=90, amber_threshold=80)
    TargetFactory(kpi=kpis["rate"], applies_from=2024, target=50, amber_threshold=60)
    path = tmp_path / f"library.{fmt}"
    before = library()

    assert export_kpis(path) == 4  # two targets, one target, and one KPI with none

    result = import_kpis_file(path, path.name, user=lead)
    assert (result.updated, result.unchanged, result.targets_updated) == (0, 3, 0)
    Kpi.objects.all().delete()
    import_kpis_file(path, path.name, user=lead)
    assert library() == before


def test_export_writes_one_row_per_kpi_per_target(tmp_path, kpis):
    TargetFactory(kpi=kpis["percentage"], applies_from=2024, target=90, amber_threshold=80)
    output = io.BytesIO()

    export_kpis(output, "csv")

    text = output.getvalue().decode("utf-8-sig")
    assert text.splitlines() == [
        f"{KPI_HEADER},dfe_measure,ssda903_measure",
        f"CLA-COUNT,{kpis['count'].title},count,context,,,,Health,,,",
        f"CLA-IHA,{kpis['percentage'].title},percentage,higher,90.00,80.00,2024-25,Health,,,",
        f"CLA-RATE,{kpis['rate'].title},rate_per_10000,lower,,,,Health,,,",
    ]


# --- Management commands ---------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_measurements_command_prints_what_it_saved(tmp_path, lead, kpis):
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2019-20 Q3,481,,,")

    out, _ = run("import_measurements", str(path), "--user", "lead")

    assert "Figures: 1 created, 0 updated, 0 unchanged." in out
    assert Measurement.objects.get().status == Measurement.Status.SUBMITTED


def test_import_measurements_command_lists_bad_rows_and_fails(tmp_path, lead, kpis):
    path = write_csv(tmp_path, HEADER, "CLA-NOPE,2019-20 Q3,4,,,", "CLA-COUNT,2019-20 Q3,-1,,,")
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 2 problems"):
        call_command("import_measurements", str(path), "--user", "lead", stderr=err)

    assert err.getvalue().splitlines() == [
        'line 2: There is no KPI with the code "CLA-NOPE".',
        "line 3: The figure cannot be negative.",
    ]
    assert not Measurement.objects.exists()


def test_import_measurements_command_with_approve(tmp_path, lead, make_user, kpis):
    make_user(roles.COUNCILLOR, username="cllr")
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2019-20 Q3,481,,,")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_measurements", str(path), "--approve", "--user", "cllr", stderr=err)
    assert "cllr cannot import figures as approved" in err.getvalue()

    run("import_measurements", str(path), "--approve", "--user", "lead")
    assert Measurement.objects.get().approved_by == lead


def test_import_commands_need_to_know_who_is_importing(tmp_path, kpis):
    path = write_csv(tmp_path, HEADER, "CLA-COUNT,2019-20 Q3,481,,,")

    with pytest.raises(CommandError, match="Say who is importing with --user USERNAME"):
        call_command("import_measurements", str(path))
    with pytest.raises(CommandError, match='There is no user called "nobody"'):
        call_command("import_kpis", str(path), "--user", "nobody")


def test_kpi_library_commands_round_trip(tmp_path, lead, kpis):
    path = tmp_path / "library.xlsx"

    out, _ = run("export_kpis", str(path))
    assert "3 rows written" in out

    out, _ = run("import_kpis", str(path), "--user", "lead")
    assert "KPIs: 0 created, 0 updated, 3 unchanged." in out


def test_import_kpis_command_lists_bad_rows_and_fails(tmp_path, lead, health):
    path = write_csv(tmp_path, KPI_HEADER, "CLA-X,Title,counts,higher,,,,health,", name="k.csv")
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 1 problem to fix"):
        call_command("import_kpis", str(path), "--user", "lead", stderr=err)

    assert err.getvalue().startswith('line 2: The unit "counts" is not one of count')
    assert not Kpi.objects.exists()
