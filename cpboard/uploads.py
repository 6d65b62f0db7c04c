"""Reading what people upload without letting one file take the server's memory or time.

Every upload that is opened goes through here: board papers (subgroups), risk reviews
(strategy), figures and the KPI library (performance). The rules:

- A zip (every Office Open XML or OpenDocument file is one) is judged by its directory before
  anything in it is unpacked: at most MAX_ZIP_MEMBERS members, at most MAX_UNPACKED_BYTES
  unpacked in all, and no large member packed tighter than MAX_PACKING_RATIO to one. zipfile
  never unpacks more than a member's declared size, so these declared sizes bound the work.
- A spreadsheet is read row by row with a streaming XML parser that keeps only the cells the
  import can use: a sheet whose used area (its dimension record, or, if that is missing or
  lies, the rows and columns met while reading) runs beyond the import's limits is refused with
  the row or column named, a run of BLANK_RUN empty rows ends the sheet, and the number of
  cells visited and of characters kept are bounded.
- A CSV file is read up to MAX_CSV_BYTES and the same row and column limits.

Whatever is refused raises UploadRefused with a message a person can act on; each app turns it
into its own kind of error (a form error, an import's list of problems)."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import IO, Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

# -- Limits -------------------------------------------------------------------------------------

# A Word document with many pictures has a few hundred members; an Excel workbook a few dozen.
MAX_ZIP_MEMBERS = 2_000
# The zip's directory is read whole by zipfile; 46 bytes is the smallest entry, so this also
# bounds how many entries a directory that lies about its count can hold.
MAX_DIRECTORY_BYTES = 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# XML packs well, but not a hundred to one over a whole megabyte; a zip bomb packs a thousand.
MAX_PACKING_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024
# Each part of a workbook that is parsed (its first sheet, its shared text, its styles). A
# sheet of 10,000 rows of figures with commentary is a few megabytes of XML.
MAX_WORKBOOK_PART_BYTES = 16 * 1024 * 1024

MAX_CSV_BYTES = 5 * 1024 * 1024
# Excel's own limit for one cell.
MAX_CELL_CHARS = 32_767
# All the text kept from one file: a shared string repeated in every cell cannot multiply it.
MAX_TOTAL_CHARS = 16_000_000
BLANK_RUN = 1_000
MAX_COLUMNS = 50

# Long enough for any name a person gives a paper; short enough for every file system and the
# paper_name column, with room for the storage folder in front of it.
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 180

UNUSUAL_ZIP = (
    "This file looks damaged or is packed in an unusual way, so it was not opened. Open it in "
    "the program that made it, save it again and upload it."
)
UNREADABLE_XLSX = (
    "The file cannot be read as an Excel workbook (.xlsx). If it is an older .xls file, open "
    'it in Excel and save it as "Excel Workbook (.xlsx)".'
)
NOT_UTF8 = (
    "This line has characters that are not UTF-8 text. In Excel, save the file as "
    '"CSV UTF-8 (Comma delimited)", or save it as .xlsx.'
)
NOT_TEXT = (
    "This line holds a zero byte, so the file is not a text file: perhaps a spreadsheet or "
    'another document renamed .csv. In Excel, save it as "CSV UTF-8 (Comma delimited)", or '
    "save it as .xlsx."
)


class UploadRefused(Exception):
    """A file that is not read any further; `line` is the row it was refused at (0: the file)."""

    def __init__(self, message: str, line: int = 0):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


# -- Zips ---------------------------------------------------------------------------------------

_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")


def _declared_directory(file: IO[bytes]) -> tuple[int, int]:
    """Return the member count and directory size the zip's end record declares, read from the
    last 64 KB so that a huge directory is refused before zipfile parses it. Raises
    zipfile.BadZipFile when there is no end record."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    start = max(0, size - (_END_RECORD.size + 0xFFFF + _ZIP64_LOCATOR.size + 56))
    file.seek(start)
    tail = file.read()
    file.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END_RECORD.size:
        raise zipfile.BadZipFile("no end of central directory record")
    fields = _END_RECORD.unpack_from(tail, at)
    members, directory_bytes, offset = fields[5], fields[6], fields[7]
    if members == 0xFFFF or directory_bytes == 0xFFFFFFFF or offset == 0xFFFFFFFF:
        locator = at - _ZIP64_LOCATOR.size
        record = locator - _ZIP64_END_RECORD.size
        if (
            record >= 0
            and tail[locator : locator + 4] == b"PK\x06\x07"
            and tail[record : record + 4] == b"PK\x06\x06"
        ):
            zip64 = _ZIP64_END_RECORD.unpack_from(tail, record)
            members, directory_bytes = zip64[7], zip64[8]
    return members, directory_bytes


def open_zip(file: IO[bytes]) -> zipfile.ZipFile:
    """Return the open zip once its directory shows nothing a real document would not have.

    Raises UploadRefused (UNUSUAL_ZIP) for too many members, too much unpacked data or a member
    packed too tightly, and zipfile.BadZipFile (or OSError) for a file that is not a zip."""
    members, directory_bytes = _declared_directory(file)
    if members > MAX_ZIP_MEMBERS or directory_bytes > MAX_DIRECTORY_BYTES:
        raise UploadRefused(UNUSUAL_ZIP)
    archive = zipfile.ZipFile(file)
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed_too_tight = any(
        info.file_size > RATIO_CHECKED_ABOVE
        and info.file_size > MAX_PACKING_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if len(infos) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES or packed_too_tight:
        archive.close()
        raise UploadRefused(UNUSUAL_ZIP)
    return archive


def read_member_start(archive: zipfile.ZipFile, name: str, size: int) -> bytes:
    """Return at most the first `size` bytes of a member, whatever it unpacks to."""
    with archive.open(name) as member:
        return member.read(size)


# -- Names --------------------------------------------------------------------------------------


def shortened_name(name: str) -> str:
    """Return the file's name, shortened if need be to MAX_NAME_CHARS characters and
    MAX_NAME_BYTES bytes of UTF-8, keeping its extension and whole characters."""
    name = unicodedata.normalize("NFC", PurePosixPath(name.replace("\\", "/")).name)
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    while stem and (
        len(stem) + len(suffix) > MAX_NAME_CHARS
        or len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES
    ):
        stem = stem[:-1]
    return (stem.rstrip(" .") or "paper") + suffix


# -- Spreadsheets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableLimits:
    """What one import reads: `rows` rows of data below the header, `columns` columns."""

    rows: int
    columns: int = MAX_COLUMNS

    @property
    def last_line(self) -> int:
        """The last row read: the header, the rows and a run of blank rows among them."""
        return 1 + self.rows + BLANK_RUN


def too_many_rows(limits: TableLimits, line: int) -> UploadRefused:
    return UploadRefused(
        f"The file has more than {limits.rows:,} rows. Split it into smaller files and import "
        "each one.",
        line,
    )


def _beyond_last_row(limits: TableLimits, row: int, line: int = 0) -> UploadRefused:
    return UploadRefused(
        f"The sheet goes on to row {row:,}; this import reads at most {limits.last_line:,} rows. "
        "Delete the empty rows below your table (select them, then Delete rows) or split the "
        "file, save it and import it again.",
        line,
    )


def _column_name(column: int) -> str:
    """A column as Excel names it (1 -> "A", 300 -> "KN"); by number past Excel's last."""
    if column > 16_384:
        return f"number {column:,}"
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _beyond_last_column(limits: TableLimits, column: int, row: int = 0) -> UploadRefused:
    return UploadRefused(
        f"The sheet has something in column {_column_name(column)}; this import reads "
        f"columns A to {_column_name(limits.columns)} only. Delete the columns to the right "
        "of your table, save the file and import it again.",
        row,
    )


def _values_after_blank_run(line: int) -> UploadRefused:
    return UploadRefused(
        f"The table stops at row {line - 1:,}, but there is more after {BLANK_RUN:,} empty rows. "
        "Delete the empty rows (or what is below them), save the file and import it again.",
        line,
    )


def _cell_too_long(line: int) -> UploadRefused:
    return UploadRefused(
        f"A cell on this line has more than {MAX_CELL_CHARS:,} characters. Shorten it.", line
    )


def read_lines(file: IO[bytes], kind: str, limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    """Yield each row of a CSV (`kind` "csv") or of an XLSX file's first sheet ("xlsx") as
    (the row number a spreadsheet shows, the text of its cells), within `limits`.

    Excel numbers become their decimal text (55.0 -> "55.0"), a percentage the percentage a
    person typed (0.55 shown as 55% -> "55.00"), a date its ISO text. CSV must be UTF-8.
    Raises UploadRefused at the first thing beyond the limits or that cannot be read."""
    if kind == "csv":
        yield from _csv_lines(file, limits)
    else:
        yield from _xlsx_lines(file, limits)


def _csv_lines(file: IO[bytes], limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    data = file.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise UploadRefused(
            f"The file is larger than {MAX_CSV_BYTES // 1024 // 1024} MB. Split it into smaller "
            "files and import each one."
        )
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UploadRefused(NOT_UTF8, data[: error.start].count(b"\n") + 1) from error
    if "\0" in text:
        # No text file holds a zero byte, and PostgreSQL can neither store nor look one up.
        raise UploadRefused(NOT_TEXT, text[: text.index("\0")].count("\n") + 1)
    # Lines are counted as records, not newlines, so that a commentary with line breaks in it
    # keeps the numbering a spreadsheet shows.
    buffer = io.StringIO(text, newline="")
    reader = csv.reader(buffer)
    line, filled, total, blank_run = 0, 0, 0, 0
    try:
        for line, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                blank_run += 1
                if blank_run > BLANK_RUN and filled:
                    # Reading on through millions of empty lines takes seconds: look at what
                    # is left at once instead.
                    if text[buffer.tell() :].strip(_CSV_BLANK):
                        raise _values_after_blank_run(line - blank_run + 1)
                    return
                continue
            blank_run = 0
            if line > limits.last_line:
                raise _beyond_last_row(limits, line, line)
            filled += 1
            if filled > limits.rows + 1:
                raise too_many_rows(limits, line)
            extra = next((n for n, cell in enumerate(cells) if n >= limits.columns and cell), None)
            if extra is not None:
                raise _beyond_last_column(limits, extra + 1, line)
            cells = cells[: limits.columns]
            longest = max((len(cell) for cell in cells), default=0)
            total += sum(len(cell) for cell in cells)
            if longest > MAX_CELL_CHARS or total > MAX_TOTAL_CHARS:
                raise _cell_too_long(line)
            yield line, cells
    except csv.Error as error:
        raise UploadRefused(f"This line cannot be read as CSV ({error}).", line + 1) from error


# What an empty CSV line is made of: separators, quotes and white space.
_CSV_BLANK = ' \t\r\n,;"'
# A cell's value or inline text, with or without a namespace prefix.
_VALUE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is)[\s/>]")


# Excel writes the main namespace without a prefix, but any prefix is valid XML: elements are
# matched by local name, with the namespace URI split off by expat.
_NS = "}"
_RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REFERENCE = re.compile(r"([A-Z]{1,3})?([0-9]{1,7})?")


def _local(name: str) -> str:
    return name.rpartition(_NS)[2]


class _Parse:
    """A streaming expat parse of one workbook part, fed in chunks, that refuses a document
    type declaration (entities are how an XML bomb multiplies) and any part too big to read.

    Handlers may set `done` to stop reading the rest of the part."""

    def __init__(self, start: Callable[[str, dict], None], end: Callable[[str], None]):
        self.parser = expat.ParserCreate(namespace_separator=_NS)
        self.parser.buffer_text = True
        self.parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
        self.parser.EndElementHandler = lambda name: end(_local(name))
        self.parser.StartDoctypeDeclHandler = self._refuse
        self.parser.EntityDeclHandler = self._refuse
        self.done = False
        # When set, what is left unparsed once `done` is searched for this, without parsing.
        self.look_for: re.Pattern[bytes] | None = None
        self.found_later = False

    def _refuse(self, *args: Any) -> None:
        raise UploadRefused(UNUSUAL_ZIP)

    def chunks(self, archive: zipfile.ZipFile, name: str) -> Iterator[None]:
        """Feed the part in 64 KB chunks, yielding after each so that a caller can hand on
        what has been read so far."""
        try:
            info = archive.getinfo(name)
        except KeyError as error:
            raise UploadRefused(UNREADABLE_XLSX) from error
        if info.file_size > MAX_WORKBOOK_PART_BYTES:
            raise UploadRefused(UNUSUAL_ZIP)
        with archive.open(info) as member:
            while not self.done:
                chunk = member.read(65536)
                self.parser.Parse(chunk, not chunk)
                yield
                if not chunk:
                    return
            if self.look_for is not None:
                self.found_later = _search_rest(member, self.look_for, chunk)

    def run(self, archive: zipfile.ZipFile, name: str) -> None:
        for _ in self.chunks(archive, name):
            pass


def _search_rest(member: IO[bytes], pattern: re.Pattern[bytes], tail: bytes) -> bool:
    """Whether the rest of the member, after `tail`, has `pattern` in it; read in chunks and
    searched without parsing, which is far faster than parsing."""
    overlap = tail[-64:]
    while chunk := member.read(1024 * 1024):
        if pattern.search(overlap + chunk):
            return True
        overlap = chunk[-64:]
    return False


class _Text:
    """Character data collected into one value, refused beyond MAX_CELL_CHARS."""

    def __init__(self, parse: _Parse, line: Callable[[], int]):
        self.parts: list[str] = []
        self.length = 0
        self.line = line
        parse.parser.CharacterDataHandler = self._add
        self.on = False

    def _add(self, data: str) -> None:
        if self.on:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise _cell_too_long(self.line())
            self.parts.append(data)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts, self.length = [], 0
        return text


def _relationships(archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    """Return a .rels part's relationships: id -> (type, target)."""
    found: dict[str, tuple[str, str]] = {}

    def start(tag: str, attrs: dict) -> None:
        if tag == "Relationship" and len(found) < MAX_ZIP_MEMBERS:
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))

    _Parse(start, lambda tag: None).run(archive, name)
    return found


def _part_path(base: str, target: str) -> str:
    """A relationship's target as a member name, relative to the part `base` it belongs to."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in f"{PurePosixPath(base).parent}/{target}".split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


@dataclass
class _Workbook:
    sheet: str
    shared_strings: str | None
    number_formats: list[str]
    epoch: Any


def _workbook(archive: zipfile.ZipFile) -> _Workbook:
    """Find the first sheet, the shared text, the cells' number formats and the date system."""
    workbook = next(
        (
            _part_path("", target)
            for kind, target in _relationships(archive, "_rels/.rels").values()
            if kind.endswith("/officeDocument")
        ),
        "xl/workbook.xml",
    )
    first_sheet: list[str] = []
    epoch = [WINDOWS_EPOCH]

    def start(tag: str, attrs: dict) -> None:
        if tag == "sheet" and not first_sheet:
            first_sheet.append(attrs.get(_RELATIONSHIP_ID, ""))
        elif tag == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            epoch[0] = MAC_EPOCH

    _Parse(start, lambda tag: None).run(archive, workbook)
    rels_name = f"{PurePosixPath(workbook).parent}/_rels/{PurePosixPath(workbook).name}.rels"
    relationships = _relationships(archive, rels_name)
    if not first_sheet or first_sheet[0] not in relationships:
        raise UploadRefused(UNREADABLE_XLSX)
    by_kind = {kind.rpartition("/")[2]: target for kind, target in relationships.values()}
    styles = by_kind.get("styles")
    shared = by_kind.get("sharedStrings")
    return _Workbook(
        sheet=_part_path(workbook, relationships[first_sheet[0]][1]),
        shared_strings=_part_path(workbook, shared) if shared else None,
        number_formats=_number_formats(archive, _part_path(workbook, styles)) if styles else [],
        epoch=epoch[0],
    )


def _number_formats(archive: zipfile.ZipFile, name: str) -> list[str]:
    """Return each cell style's number format, by the style's index."""
    custom: dict[int, str] = {}
    formats: list[str] = []
    inside = []

    def start(tag: str, attrs: dict) -> None:
        if tag == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            inside.append(tag)
        elif tag == "xf" and inside and len(formats) < 65_536:
            try:
                formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    def end(tag: str) -> None:
        if tag == "cellXfs":
            inside.clear()

    if name not in set(archive.namelist()):
        return []
    _Parse(start, end).run(archive, name)
    return [custom.get(number, BUILTIN_FORMATS.get(number, "General")) for number in formats]


class _Shared(int):
    """A cell that holds the index of a shared string, read once the sheet has been read."""


def _xlsx_lines(file: IO[bytes], limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    try:
        archive = open_zip(file)
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UploadRefused(UNREADABLE_XLSX) from error
    try:
        with archive:
            workbook = _workbook(archive)
            rows = _sheet_rows(archive, workbook, limits)
            if any(isinstance(cell, _Shared) for _, cells in rows for cell in cells):
                _resolve_shared(archive, workbook, rows)
    except UploadRefused:
        raise
    # A damaged part can fail in the XML parser, the zip reader or a number's conversion;
    # whichever it is, the person needs the same advice.
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UploadRefused(UNREADABLE_XLSX) from error
    total = 0
    for line, cells in rows:
        texts = [str(cell) if not isinstance(cell, _Shared) else "" for cell in cells]
        total += sum(len(text) for text in texts)
        if total > MAX_TOTAL_CHARS:
            raise _cell_too_long(line)
        yield line, texts


def _last_cell(reference: str) -> tuple[int, int]:
    """The row and column of a range's last cell ("A1:GR200000" -> (200000, 200))."""
    match = _CELL_REFERENCE.fullmatch(reference.rpartition(":")[2].replace("$", "").upper())
    if not match:
        return 0, 0
    letters, digits = match.groups()
    column = 0
    for letter in letters or "":
        column = column * 26 + ord(letter) - 64
    return int(digits or 0), column


def _sheet_rows(
    archive: zipfile.ZipFile, workbook: _Workbook, limits: TableLimits
) -> list[tuple[int, list[Any]]]:
    """Return the sheet's rows that have a value, each as (row number, cell values in order)."""
    rows: list[tuple[int, list[Any]]] = []
    state = {
        "row": 0,
        "column": 0,
        "type": "n",
        "style": 0,
        "cells": 0,
        "last_filled": 0,
        "blank_from": 0,
    }
    row_cells: dict[int, Any] = {}
    budget = (limits.rows + 1) * limits.columns + limits.last_line
    parse: _Parse

    def start(tag: str, attrs: dict) -> None:
        if tag == "c":
            state["cells"] += 1
            if state["cells"] > budget:
                raise too_many_rows(limits, state["row"])
            _, column = _last_cell(attrs.get("r", ""))
            state["column"] = column or state["column"] + 1
            state["type"] = attrs.get("t", "n")
            state["style"] = int(attrs.get("s", "0") or 0)
        elif tag in ("v", "t"):
            # Inline text is in <is><t>; phonetic guides (<rPh>) hold no value of their own.
            text.on = tag == "v" or state["type"] == "inlineStr"
        elif tag == "rPh":
            state["type"] = "phonetic"
        elif tag == "row":
            row, _ = _last_cell(attrs.get("r", ""))
            state["row"] = row or state["row"] + 1
            state["column"] = 0
            row_cells.clear()
            state["cells"] += 1
            if state["cells"] > budget:
                raise too_many_rows(limits, state["row"])
        elif tag == "dimension":
            last_row, last_column = _last_cell(attrs.get("ref", ""))
            if last_row > limits.last_line:
                raise _beyond_last_row(limits, last_row)
            if last_column > limits.columns:
                raise _beyond_last_column(limits, last_column)

    def end(tag: str) -> None:
        if tag in ("v", "t"):
            text.on = False
        elif tag == "rPh":
            state["type"] = "inlineStr"
        elif tag == "c":
            value = _cell_value(text.take(), state["type"], state["style"], workbook)
            if value != "":
                if state["column"] > limits.columns:
                    raise _beyond_last_column(limits, state["column"], state["row"])
                row_cells[state["column"]] = value
        elif tag == "row":
            _end_row()

    def _end_row() -> None:
        line = state["row"]
        if not row_cells:
            if line - state["last_filled"] > BLANK_RUN and state["last_filled"]:
                # A long run of blank rows ends the table; what follows is searched for values
                # rather than parsed, which is far faster.
                parse.done = True
                state["blank_from"] = state["blank_from"] or state["last_filled"] + 1
            return
        if line > limits.last_line:
            raise _beyond_last_row(limits, line, line)
        after_gap = state["last_filled"] and line - state["last_filled"] > BLANK_RUN
        if state["blank_from"] or after_gap:
            # The table is one block: rows after a long run of blank ones are refused, never
            # dropped, whether Excel kept the blank rows in the file or left them out.
            raise _values_after_blank_run(state["blank_from"] or state["last_filled"] + 1)
        if len(rows) > limits.rows:  # the header and `rows` rows are already read
            raise too_many_rows(limits, line)
        width = max(row_cells)
        rows.append((line, [row_cells.get(column, "") for column in range(1, width + 1)]))
        state["last_filled"] = line
        row_cells.clear()

    parse = _Parse(start, end)
    parse.look_for = _VALUE_TAG
    text = _Text(parse, lambda: state["row"])
    parse.run(archive, workbook.sheet)
    if parse.found_later:
        raise _values_after_blank_run(state["blank_from"])
    return rows


def _cell_value(raw: str, kind: str, style: int, workbook: _Workbook) -> Any:
    """A cell's value as text, or _Shared for a shared string to be looked up."""
    if kind == "s":
        return _Shared(int(raw)) if raw.strip() else ""
    if kind in ("str", "inlineStr", "e", "d"):
        return raw.strip()
    if kind == "b":
        return str(raw.strip() in ("1", "true"))
    raw = raw.strip()
    if not raw:
        return ""
    number_format = (
        workbook.number_formats[style] if 0 <= style < len(workbook.number_formats) else ""
    )
    try:
        number = Decimal(raw) if any(c in raw for c in ".eE") else Decimal(int(raw))
    except (ArithmeticError, ValueError):
        return raw
    if not number.is_finite():
        return raw
    if is_date_format(number_format) and abs(number) < 3_000_000:
        try:
            return str(from_excel(float(number), workbook.epoch))
        except (ArithmeticError, ValueError):
            return raw
    if "." in raw or "e" in raw.lower():
        # The shortest text that reads back as the same float, as Excel shows it: 55.0 stays
        # "55.0" rather than the binary expansion of 0.1 + 0.2.
        number = Decimal(repr(float(raw)))
    if "%" in number_format:
        # Excel stores 55% as 0.55; the person typed and sees 55.
        number *= 100
    return str(number)


def _resolve_shared(
    archive: zipfile.ZipFile, workbook: _Workbook, rows: list[tuple[int, list[Any]]]
) -> None:
    """Put the text of each shared string in place of its index, reading only the strings the
    rows use and stopping after the last of them."""
    needed = {int(cell) for _, cells in rows for cell in cells if isinstance(cell, _Shared)}
    if workbook.shared_strings is None:
        raise UploadRefused(UNREADABLE_XLSX)
    found: dict[int, str] = {}
    state = {"index": -1, "phonetic": 0}
    last = max(needed)

    def start(tag: str, attrs: dict) -> None:
        if tag == "si":
            state["index"] += 1
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t":
            text.on = state["index"] in needed and not state["phonetic"]

    def end(tag: str) -> None:
        if tag == "t":
            text.on = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            value = text.take()
            if state["index"] in needed:
                found[state["index"]] = value.strip()
            if state["index"] >= last:
                parse.done = True

    parse = _Parse(start, end)
    text = _Text(parse, lambda: 0)
    parse.run(archive, workbook.shared_strings)
    for _, cells in rows:
        for position, cell in enumerate(cells):
            if isinstance(cell, _Shared):
                if int(cell) not in found:
                    raise UploadRefused(UNREADABLE_XLSX)
                cells[position] = found[int(cell)]
