"""Benchmark: the worst file of each kind an upload can be, through the check or reader a real
upload goes through, with the extra memory and the time each takes. Run with:

    .venv/bin/python tests/benchmarks/bench_hostile_files.py

It builds each file on disk in a scratch folder (the builders take a few seconds; the files are
small, what they unpack to is not), then checks each one in a fresh Python process so that one
case's memory does not hide another's: the peak of Python allocations (tracemalloc) and the
peak resident memory above the process's own before the check (psutil, sampled every
millisecond), and the time of the check without tracemalloc. Every file must be refused, under
LIMIT_MB of extra memory and LIMIT_SECONDS; the script exits non-zero otherwise.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
LIMIT_MB = 64
LIMIT_SECONDS = 1.0
MB = 1024 * 1024


# -- Building the files ------------------------------------------------------------------------


def _stream_member(archive: zipfile.ZipFile, name: str, pieces) -> None:
    """Write a member from an iterable of bytes, so that a 400 MB member never sits in memory."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        for piece in pieces:
            member.write(piece)


def _repeat(chunk: bytes, total: int):
    for _ in range(total // len(chunk)):
        yield chunk


def build_odt_bomb(path: Path) -> None:
    """An OpenDocument text whose `mimetype` unpacks to 400 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _stream_member(
            archive,
            "mimetype",
            [b"application/vnd.oasis.opendocument.text", *_repeat(b" " * MB, 400 * MB)],
        )
        archive.writestr("content.xml", b"<office/>")


def _workbook(far_cell: tuple[int, int] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kpi_code", "period", "value", "numerator", "denominator", "commentary"])
    sheet.append(["CLA-COUNT", "2024-25 Q3", 481, None, None, "Up by 12."])
    if far_cell:
        sheet.cell(row=far_cell[0], column=far_cell[1], value="x")
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


def build_sparse_xlsx(path: Path) -> None:
    """One cell at row 200,000, column 200 (GR): the probe that took 8.8 s and 320 MB."""
    path.write_bytes(_workbook((200_000, 200)))


def build_xfd_xlsx(path: Path) -> None:
    """One cell at XFD1048576, the last cell Excel has."""
    path.write_bytes(_workbook((1_048_576, 16_384)))


def _rewritten(workbook: bytes, name: str, pieces) -> None:
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename == name:
                _stream_member(archive, name, pieces(source.read(name)))
            else:
                archive.writestr(info.filename, source.read(info.filename))
    return buffer.getvalue()


def build_sheet_bomb(path: Path) -> None:
    """A workbook whose sheet XML unpacks to 2 GB: rows of empty cells after the data."""

    def pieces(sheet: bytes):
        head, _, tail = sheet.partition(b"</sheetData>")
        yield head
        yield from _repeat(b'<row><c t="s"/></row>' * 49_932, 2048 * MB)
        yield b"</sheetData>" + tail

    path.write_bytes(_rewritten(_workbook(), "xl/worksheets/sheet1.xml", pieces))


def build_sheet_bomb_lying(path: Path) -> None:
    """The sheet bomb with its dimension record removed and its declared size under a megabyte,
    so that no directory check stops it: only the reader's own bounds do (300 MB unpacked)."""

    def pieces(sheet: bytes):
        head, _, tail = sheet.partition(b"</sheetData>")
        head = head.replace(b'<dimension ref="A1:F2"/>', b"")
        yield head
        yield from _repeat(b'<row><c t="s"/></row>' * 49_932, 300 * MB)
        yield b"</sheetData>" + tail

    content = bytearray(_rewritten(_workbook(), "xl/worksheets/sheet1.xml", pieces))
    # Rewrite the sheet's declared size, in the directory and in its zip64 extra field, to
    # 900 KB: zipfile then stops reading it there (and finds the checksum wrong).
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    for width in (8, 4):
        real = info.file_size.to_bytes(width, "little")
        content = content.replace(real, (900 * 1024).to_bytes(width, "little"))
    path.write_bytes(bytes(content))


def build_big_csv(path: Path) -> None:
    """50 MB of figures in CSV."""
    row = b"CLA-COUNT,2024-25 Q3,481,,,Up by 12 since the last quarter, as planned.\n"
    with open(path, "wb") as handle:
        handle.write(b"kpi_code,period,value,numerator,denominator,commentary\n")
        for _ in range(50 * MB // len(row)):
            handle.write(row)


def build_blank_lines_csv(path: Path) -> None:
    """A header, 5 MB of empty lines (five million rows, just under the byte limit) and a row."""
    with open(path, "wb") as handle:
        handle.write(b"kpi_code,period,value,numerator,denominator,commentary\n")
        handle.write(b"\n" * (5 * MB - 200))
        handle.write(b"CLA-COUNT,2024-25 Q3,481,,,\n")


def build_wide_csv(path: Path) -> None:
    """A header and one line of a million commas."""
    with open(path, "wb") as handle:
        handle.write(b"kpi_code,period,value,numerator,denominator,commentary\n")
        handle.write(b"CLA-COUNT,2024-25 Q3,481" + b"," * 1_000_000 + b"x\n")


def build_many_members(path: Path) -> None:
    """A Word document of 100,000 members."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        for number in range(100_000):
            archive.writestr(f"m/{number}", b"")


# name: (builder, file name, reader)
CASES = {
    "ODT bomb, 400 MB mimetype (paper)": (build_odt_bomb, "paper.odt", "paper"),
    "XLSX cell at GR200000 (figures)": (build_sparse_xlsx, "figures.xlsx", "figures"),
    "XLSX cell at GR200000 (risk reviews)": (build_sparse_xlsx, "reviews.xlsx", "reviews"),
    "XLSX cell at XFD1048576 (figures)": (build_xfd_xlsx, "figures.xlsx", "figures"),
    "XLSX sheet XML of 2 GB (figures)": (build_sheet_bomb, "figures.xlsx", "figures"),
    "XLSX sheet XML of 300 MB, size lied (KPIs)": (build_sheet_bomb_lying, "kpis.xlsx", "kpis"),
    "XLSX sheet XML of 2 GB (paper)": (build_sheet_bomb, "paper.xlsx", "paper"),
    "CSV of 50 MB (figures)": (build_big_csv, "figures.csv", "figures"),
    "CSV of 50 MB (risk reviews)": (build_big_csv, "reviews.csv", "reviews"),
    "CSV of 5 million blank lines, a row (figures)": (
        build_blank_lines_csv,
        "figures.csv",
        "figures",
    ),
    "CSV line of a million columns (figures)": (build_wide_csv, "figures.csv", "figures"),
    "Zip of 100,000 members (paper)": (build_many_members, "paper.docx", "paper"),
    "Zip of 100,000 members (figures)": (build_many_members, "figures.xlsx", "figures"),
}


# -- Checking one file, in a process of its own -----------------------------------------------


def _reader(kind: str):
    """The function a real upload of `kind` goes through; returns the refusal's message."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import UploadedFile

    from performance.imports import ImportRefused, read_table
    from performance.imports.figures import MEASUREMENT_COLUMNS
    from performance.imports.library import KPI_COLUMNS
    from strategy.imports import ReviewImportRefused, _read
    from subgroups.papers import validate_paper

    def paper(path: Path) -> str:
        with open(path, "rb") as handle:
            upload = UploadedFile(handle, name=path.name, size=path.stat().st_size)
            try:
                validate_paper(upload)
            except ValidationError as error:
                return error.messages[0]
        return "ACCEPTED"

    def table(columns):
        def read(path: Path) -> str:
            with open(path, "rb") as handle:
                try:
                    read_table(handle, path.name, columns=columns)
                except ImportRefused as refused:
                    return str(refused)
            return "ACCEPTED"

        return read

    def reviews(path: Path) -> str:
        with open(path, "rb") as handle:
            try:
                _read(handle, path.name)
            except ReviewImportRefused as refused:
                return str(refused)
        return "ACCEPTED"

    return {
        "paper": paper,
        "figures": table(MEASUREMENT_COLUMNS),
        "kpis": table(KPI_COLUMNS),
        "reviews": reviews,
    }[kind]


def measure(kind: str, path: Path) -> dict:
    import psutil

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
    import django

    django.setup()
    read = _reader(kind)
    process = psutil.Process()

    # Time, and resident memory sampled while the check runs.
    baseline = process.memory_info().rss
    peak = [baseline]
    running = [True]

    def sample() -> None:
        while running[0]:
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        message = read(path)
    finally:
        seconds = time.perf_counter() - started
        running[0] = False
        sampler.join()
    peak[0] = max(peak[0], process.memory_info().rss)

    # Python's own allocations, in a second run under tracemalloc.
    tracemalloc.start()
    read(path)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "rss_mb": (peak[0] - baseline) / MB,
        "traced_mb": traced / MB,
        "message": message,
    }


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]))))
        return 0
    scratch = Path(tempfile.mkdtemp())
    failures = 0
    print(f"{'file':44} {'packed':>9} {'time':>8} {'RSS+':>8} {'traced':>8}  answer", flush=True)
    built: dict = {}
    for name, (build, filename, kind) in CASES.items():
        # Each file is built once, and checked under the name each upload gives it.
        if build not in built:
            built[build] = scratch / build.__name__
            build(built[build])
        folder = scratch / str(len(list(scratch.iterdir())))
        folder.mkdir()
        path = folder / filename
        os.link(built[build], path)
        result = subprocess.run(
            [sys.executable, __file__, "--measure", kind, str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "cpboard.settings"},
        )
        if result.returncode:
            print(f"{name:44} crashed:\n{result.stderr}")
            failures += 1
            continue
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        extra = max(figures["rss_mb"], figures["traced_mb"])
        ok = (
            figures["seconds"] <= LIMIT_SECONDS
            and extra <= LIMIT_MB
            and figures["message"] != "ACCEPTED"
        )
        failures += not ok
        print(
            f"{name:44} {path.stat().st_size / 1024:>7.0f}KB {figures['seconds']:>7.3f}s "
            f"{figures['rss_mb']:>6.1f}MB {figures['traced_mb']:>6.1f}MB  "
            f"{'' if ok else 'FAIL '}{figures['message'][:90]}",
            flush=True,
        )
        path.unlink()
    print(
        f"\n{len(CASES) - failures} of {len(CASES)} refused within {LIMIT_MB} MB extra and "
        f"{LIMIT_SECONDS:g} s."
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
