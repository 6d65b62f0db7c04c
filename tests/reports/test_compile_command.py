"""`manage.py compile_report`: the same compile the portal runs, from the command line."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from reports.models import Report

# The command waits for a worker when REDIS_URL names a broker; these tests are of what it
# writes, so its task runs here (tests/reports/test_worker.py runs a real worker).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_process")]


def test_it_compiles_the_public_annual_report_to_the_file_asked_for(board_data, tmp_path, capsys):
    output = tmp_path / "annual.pdf"

    call_command(
        "compile_report", kind="annual", year="2025-26", audience="public", output=str(output)
    )

    lines = capsys.readouterr().out.splitlines()
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    assert output.read_bytes().startswith(b"%PDF-")
    assert lines[0] == f"Annual report 2025-26 version 1: {output}"
    assert lines[1] == f"SHA-256 {digest}"
    assert lines[2].endswith(" s")
    report = Report.objects.get()
    assert (report.kind, report.audience, report.year) == ("annual", "public", 2025)
    assert report.files.get().sha256 == digest


def test_it_compiles_a_board_pack_for_a_quarter(board_data, tmp_path, capsys):
    output = tmp_path / "pack.pdf"

    call_command("compile_report", kind="pack", quarter="2026-27 Q2", output=str(output))

    assert "Board pack 2026-27 Q2 version 1" in capsys.readouterr().out
    assert Report.objects.get().audience == "board"


def test_a_pack_without_a_quarter_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="needs --quarter"):
        call_command("compile_report", kind="pack", output=str(tmp_path / "x.pdf"))


def test_a_badly_written_year_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="2024-25"):
        call_command("compile_report", kind="annual", year="2024", output=str(tmp_path / "x.pdf"))
