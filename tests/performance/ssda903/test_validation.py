"""DfE's validation rules, run for real by csc-validator-be-903 on the fake return of 2,675
children (Social Finance's, MIT: see fake_return/LICENSE): the portal reports what the
validator itself reports."""

import datetime
import importlib
import io
import warnings
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from performance.ssda903.generator import generate_return, write_return
from performance.ssda903.reader import read_folder, to_csv
from performance.ssda903.validation import (
    _validator,
    rule_registry,
    rule_set_for,
    summarise,
)

FAKE_RETURN = Path(__file__).parent / "fake_return" / "fake_return.zip"
RULE_SET, YEAR = "lac2024_25", "2025"


@pytest.fixture(scope="module")
def fake_return(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fake_return")
    with zipfile.ZipFile(FAKE_RETURN) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture(scope="module")
def validator_own_run(fake_return):
    """lac_validator run as its README runs it, on the files as they are: the one run."""
    engine, utils = _validator()
    import lac_validator.report

    files = utils.process_uploaded_files({"This year": sorted(map(str, fake_return.glob("*.csv")))})
    registry = importlib.import_module(f"lac_validator.rules.{RULE_SET}").registry
    run = engine.LacValidator(
        metadata={"collectionYear": YEAR, "localAuthority": "E06000035"},
        files=files,
        registry=registry,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pandas, inside the validator's report
        return run, lac_validator.report.Report(run.ds_results, registry)


def test_the_error_counts_per_rule_are_the_validators_own(fake_return, validator_own_run):
    run, report = validator_own_run
    found = read_folder(fake_return)
    result = summarise(found, run, rule_set=RULE_SET, collection_year=YEAR)

    summary = report.error_summary
    expected = {
        row["Code"]: (row["Error Count"], row["Error Description"])
        for _, row in summary.iterrows()
        if row["Error Count"] > 0
    }
    assert {rule.code: (rule.rows, rule.message) for rule in result.rules} == expected
    assert result.error_count == summary["Error Count"].sum() > 0
    assert result.failed_rules == sorted(run.fails)
    # Every rule of the year ran, was skipped for want of a file, or could not run.
    assert len(run.dones) + len(run.skips) + len(run.fails) == len(rule_registry(RULE_SET))


def test_the_childrens_rows_with_errors_are_the_validators_own(fake_return, validator_own_run):
    run, report = validator_own_run
    found = read_folder(fake_return)
    result = summarise(found, run, rule_set=RULE_SET, collection_year=YEAR)

    rows = report.report
    expected = set()
    for column in (c for c in rows.columns if c.startswith("ERR_")):
        flagged = rows[rows[column] == True]  # noqa: E712
        # The validator counts rows from 0 after the header: line 2 of the file is row 0.
        for child, table, row_id in zip(
            flagged["CHILD"].tolist(), flagged["Table"].tolist(), flagged["RowID"].tolist(),
            strict=True,
        ):  # fmt: skip
            expected.add((str(child), table, int(row_id) + 2, column[4:]))
    names = {"Header": "header", "Episodes": "episodes", "OC2": "oc2", "OC3": "oc3",
             "UASC": "uasc", "AD1": "ad1", "PlacedAdoption": "placed_for_adoption",
             "Missing": "missing", "Reviews": "reviews", "PrevPerm": "previous_permanence",
             "SWEpisodes": "sw_episodes"}  # fmt: skip
    ours = {(e.child, e.file, e.line, e.code) for e in result.child_errors}
    assert ours == {(child, names[t], line, code) for child, t, line, code in expected}


def test_the_validator_reads_the_files_the_portal_gives_it_as_the_uploaded_ones(fake_return):
    """The portal hands the validator the return as it read it (so it never parses an upload
    itself); the validator's tables from those are the tables from the files themselves."""
    from lac_validator.ingress import read_csvs_from_text

    found = read_folder(fake_return)
    own = read_csvs_from_text(
        [
            {"name": path.name, "description": "This year", "file_content": path.read_bytes()}
            for path in sorted(fake_return.glob("*.csv"))
        ]
    )
    given = read_csvs_from_text(
        [
            {"name": f"{name}.csv", "description": "This year", "file_content": to_csv(table)}
            for name, table in found.tables.items()
        ]
    )
    assert set(own) == set(given)
    for name, frame in own.items():
        columns = list(frame.columns)
        assert given[name][columns].fillna("").equals(frame.fillna("")), name


def test_the_rule_set_follows_the_as_at_dates_collection_year():
    assert rule_set_for(datetime.date(2025, 3, 31)) == ("lac2024_25", "2025")
    assert rule_set_for(datetime.date(2025, 4, 1)) == ("lac2025_26", "2026")
    assert rule_set_for(datetime.date(2018, 3, 31)) == ("lac2022_23", "2018")
    assert "101" in rule_registry("lac2024_25")


def test_compute_903_prints_the_measures_and_counts_errors_on_standard_error(tmp_path):
    write_return(generate_return(children=20, as_at=datetime.date(2025, 3, 31)), tmp_path)
    out, err = io.StringIO(), io.StringIO()
    call_command("compute_903", str(tmp_path), "--as-at", "2025-03-31", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines[0] == "measure,numerator,denominator,value"
    cla = next(line for line in lines if line.startswith("cla_at_date,"))
    count = cla.split(",")[1]
    assert cla == f"cla_at_date,{count},,{count}"
    assert "validation errors under" in err.getvalue()


def test_compute_903_as_a_table_without_validating(fake_return):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "compute_903", str(fake_return), "--as-at", "2018-03-31", "--no-validate",
        "--format", "table", stdout=out, stderr=err,
    )  # fmt: skip
    assert out.getvalue().splitlines()[1].split() == ["cla_at_date", "1201", "1201"]
    assert "placements_3_or_more" in out.getvalue()
    assert err.getvalue() == ""


def test_compute_903_names_where_a_return_is_wrong(tmp_path):
    from django.core.management import CommandError

    write_return(generate_return(children=5, as_at=datetime.date(2025, 3, 31)), tmp_path)
    (tmp_path / "header.csv").unlink()
    with pytest.raises(CommandError, match="no header file"):
        call_command("compute_903", str(tmp_path), "--as-at", "2025-03-31", "--no-validate")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("compute_903", str(tmp_path), "--as-at", "31/03/2025")


def test_dates_read_once_give_the_validators_own_answers():
    from lac_validator.rules import rule_utils

    from performance.ssda903.validation import _dates_parsed_once

    texts = [
        "01/02/2024",
        "ZZ/ZZ/2015",
        "zz/03/2015",
        "31/02/2024",
        "2024-01-01",
        float("nan"),
        None,
    ]
    own = [rule_utils.valid_date(text) for text in texts]
    with _dates_parsed_once():
        twice = [[rule_utils.valid_date(text) for text in texts] for _ in range(2)]
        assert rule_utils.valid_date([]) is rule_utils.pd.NaT  # not hashable: read as it is
    assert all(str(a) == str(b) == str(c) for a, b, c in zip(own, *twice, strict=True))
    assert rule_utils.valid_date.__name__ == "valid_date"
    assert not hasattr(rule_utils.valid_date, "cache_info")  # put back after the run


def test_generate_903_writes_the_same_return_from_the_same_seed(tmp_path):
    for folder in ("one", "two"):
        call_command(
            "generate_903", str(tmp_path / folder), "--as-at", "2025-03-31", "--children", "30",
            stdout=io.StringIO(),
        )  # fmt: skip
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert one == two
    assert {"header.csv", "episodes.csv", "oc2.csv", "oc3.csv", "uasc.csv"} <= set(one)
    out = io.StringIO()
    call_command("compute_903", str(tmp_path / "one"), "--as-at", "2025-03-31",
                 "--no-validate", stdout=out)  # fmt: skip
    assert "oc3_in_touch_19_21," in out.getvalue()
