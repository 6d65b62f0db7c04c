"""Reading an SSDA903 return: DfE's CSV files (separately or in one zip) or its XML form.

Every byte read goes through the bounds of `cpboard.uploads` (a zip is judged by its
directory before anything is unpacked, a CSV file is read up to MAX_CSV_BYTES and a bounded
number of rows) and XML only through defusedxml, which refuses a document type declaration
and entities. What is refused raises ReturnRefused naming the file, the line and the column,
so that the analyst can find it in the extract. The files are identified by their header row,
as DfE's validator identifies them; their names do not matter, except to say which file a
wrong header row belongs to."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from cpboard.uploads import (
    MAX_CSV_BYTES,
    TableLimits,
    UploadRefused,
    open_zip,
    read_lines,
    read_member_start,
)
from performance.ssda903.tables import TABLES, TABLES_BY_NAME, TableSpec

# A council's 903 extract for a year: tens of thousands of rows at most in any file.
LIMITS = TableLimits(rows=500_000, columns=30)
# The XML form holds the whole return in one file, with every value wrapped in tags.
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_FILES = 40

DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

FILE_NAMES = ", ".join(spec.name for spec in TABLES)


class ReturnRefused(Exception):
    """A return that is not read any further, with where the problem is."""

    def __init__(self, message: str, *, file: str = "", line: int = 0, column: str = ""):
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.located)

    @property
    def located(self) -> str:
        where = [part for part in (self.file, f"line {self.line}" if self.line else "") if part]
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Table:
    """One file of the return: its rows with the columns in DfE's order. Date columns hold
    datetime.date (or None when blank), the others their text, stripped."""

    spec: TableSpec
    file_name: str
    rows: list[tuple] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    """The line of the file each row was read from."""

    def index(self, column: str) -> int:
        return self.spec.columns.index(column)


@dataclass(frozen=True)
class SourceFile:
    """What is kept about one file read: its name, which table it is, its checksum, rows."""

    name: str
    table: str
    sha256: str
    rows: int


@dataclass
class Ssda903Return:
    tables: dict[str, Table]
    files: list[SourceFile]
    file_format: str
    """"csv" or "xml"."""

    def table(self, name: str) -> Table | None:
        return self.tables.get(name)

    @property
    def checksum(self) -> str:
        """One SHA-256 for the whole return: of its files' checksums, in DfE's file order."""
        order = {spec.name: n for n, spec in enumerate(TABLES)}
        digest = hashlib.sha256()
        for source in sorted(self.files, key=lambda f: (order.get(f.table, 99), f.name)):
            digest.update(f"{source.table}:{source.sha256}\n".encode())
        return digest.hexdigest()

    @property
    def row_counts(self) -> dict[str, int]:
        return {name: len(table.rows) for name, table in self.tables.items()}

    def children(self) -> int:
        header = self.tables["header"]
        return len({row[0] for row in header.rows})


def parse_date(text: str, *, iso: bool = False) -> datetime.date:
    """A 903 date: dd/mm/yyyy (and yyyy-mm-dd in the XML form when `iso`). Raises ValueError."""
    match = DATE.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    match = ISO_DATE.fullmatch(text) if iso else None
    if match:
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    raise ValueError(text)


def _bad_date(file: str, line: int, column: str) -> ReturnRefused:
    # The value itself is not repeated: the message is kept with the upload, and a child's
    # date of birth is theirs.
    return ReturnRefused(
        "This is not a date: write dates as dd/mm/yyyy, like 31/03/2025.",
        file=file,
        line=line,
        column=column,
    )


# -- Where the files come from --------------------------------------------------------------


def read_return(sources: Iterable[tuple[str, IO[bytes]]]) -> Ssda903Return:
    """Read a return from uploaded files, each (its name, its binary content): CSV files, one
    zip of CSV files (or of one XML file), or one XML file. Raises ReturnRefused."""
    csv_files: list[tuple[str, bytes]] = []
    xml_files: list[tuple[str, bytes]] = []
    for name, content in sources:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            _unzip(name, content, csv_files, xml_files)
        elif suffix == ".csv":
            csv_files.append((name, _bounded(content, MAX_CSV_BYTES, name)))
        elif suffix == ".xml":
            xml_files.append((name, _bounded(content, MAX_XML_BYTES, name)))
        else:
            raise ReturnRefused(
                "This is not a CSV, XML or zip file. Upload the return's CSV files (or one zip "
                "of them), or its XML file.",
                file=name,
            )
        if len(csv_files) + len(xml_files) > MAX_FILES:
            raise ReturnRefused(f"A return has at most {len(TABLES)} files; this has more.")
    if xml_files and csv_files:
        raise ReturnRefused(
            "Upload either the CSV files or the XML file of the return, not both.",
            file=xml_files[0][0],
        )
    if len(xml_files) > 1:
        raise ReturnRefused("Upload one XML file for the return.", file=xml_files[1][0])
    if xml_files:
        return _checked(read_xml(*xml_files[0]))
    if not csv_files:
        raise ReturnRefused(f"No files were uploaded. A return has the files {FILE_NAMES}.")
    return _checked(read_csvs(csv_files))


def read_folder(folder: Path) -> Ssda903Return:
    """Read the return's CSV (or XML, or zip) files in a folder, as `compute_903` does."""
    paths = sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and path.suffix.lower() in (".csv", ".xml", ".zip")
    )
    handles = [path.open("rb") for path in paths]
    try:
        return read_return(list(zip((path.name for path in paths), handles, strict=True)))
    finally:
        for handle in handles:
            handle.close()


def _bounded(content: IO[bytes], limit: int, name: str) -> bytes:
    data = content.read(limit + 1)
    if len(data) > limit:
        raise ReturnRefused(
            f"The file is larger than {limit // 1024 // 1024} MB, more than any council's "
            "return needs. Check it is the right file.",
            file=name,
        )
    return data


def _unzip(name: str, content: IO[bytes], csv_files: list, xml_files: list) -> None:
    try:
        archive = open_zip(content)
    except UploadRefused as refused:
        raise ReturnRefused(refused.message, file=name) from refused
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ReturnRefused("The file cannot be opened as a zip.", file=name) from error
    with archive:
        for info in archive.infolist():
            member = PurePosixPath(info.filename)
            if info.is_dir() or member.name.startswith(".") or "__MACOSX" in member.parts:
                continue
            shown = f"{name}: {member.name}"
            suffix = member.suffix.lower()
            if suffix == ".csv":
                data = read_member_start(archive, info.filename, MAX_CSV_BYTES + 1)
                csv_files.append((shown, _bounded(io.BytesIO(data), MAX_CSV_BYTES, shown)))
            elif suffix == ".xml":
                data = read_member_start(archive, info.filename, MAX_XML_BYTES + 1)
                xml_files.append((shown, _bounded(io.BytesIO(data), MAX_XML_BYTES, shown)))
            else:
                raise ReturnRefused(
                    "The zip holds a file that is not CSV or XML. Put only the return's "
                    "files in the zip.",
                    file=shown,
                )


def _checked(found: Ssda903Return) -> Ssda903Return:
    for spec in TABLES:
        if spec.required and spec.name not in found.tables:
            raise ReturnRefused(
                f"The return has no {spec.name} file (its header row is "
                f"{','.join(spec.columns)}). Every return has a header and an episodes file."
            )
    return found


# -- CSV -------------------------------------------------------------------------------------


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _identify(name: str, header: list[str]) -> TableSpec:
    """Which file of the return a header row belongs to; ReturnRefused when none, saying what
    is wrong with it when the file's name says which it should be."""
    found = set(header)
    for spec in TABLES:
        if found == set(spec.columns):
            return spec
    stem = PurePosixPath(name.rpartition(": ")[2]).stem.lower()
    meant = TABLES_BY_NAME.get(stem)
    if meant is None:
        raise ReturnRefused(
            "The header row matches none of the return's files. Each file starts with DfE's "
            f"header row; the files are {FILE_NAMES}.",
            file=name,
            line=1,
        )
    for position, column in enumerate(header):
        if column not in meant.columns:
            raise ReturnRefused(
                f'"{column[:30]}" is not a column of the {meant.name} file, whose header row is '
                f"{','.join(meant.columns)}.",
                file=name,
                line=1,
                column=_column_letter(position),
            )
    missing = [column for column in meant.columns if column not in found]
    raise ReturnRefused(
        f"The header row has no {', '.join(missing)} column. The {meant.name} file's header row "
        f"is {','.join(meant.columns)}.",
        file=name,
        line=1,
    )


def read_csv_file(name: str, data: bytes) -> tuple[Table, SourceFile]:
    """Read one CSV file of the return, identified by its header row."""
    try:
        lines = read_lines(io.BytesIO(data), "csv", LIMITS)
        first = next(lines, None)
        if first is None:
            raise ReturnRefused("The file is empty.", file=name)
        header_line, header = first
        header = [cell.strip().upper() for cell in header]
        while header and not header[-1]:
            header.pop()
        duplicates = {column for column in header if header.count(column) > 1}
        if duplicates:
            raise ReturnRefused(
                f"The header row names {sorted(duplicates)[0]} more than once.",
                file=name,
                line=header_line,
            )
        spec = _identify(name, header)
        table = Table(spec=spec, file_name=name)
        positions = [header.index(column) for column in spec.columns]
        dates = [column in spec.dates for column in spec.columns]
        width = len(header)
        for line, cells in lines:
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                raise ReturnRefused(
                    "This line has more values than the header row has columns.",
                    file=name,
                    line=line,
                    column=_column_letter(width),
                )
            row = []
            for position, is_date, column in zip(positions, dates, spec.columns, strict=True):
                value = cells[position].strip() if position < len(cells) else ""
                if is_date:
                    if value:
                        try:
                            row.append(parse_date(value))
                        except ValueError:
                            raise _bad_date(
                                name, line, f"{_column_letter(position)} ({column})"
                            ) from None
                    else:
                        row.append(None)
                else:
                    row.append(value)
            table.rows.append(tuple(row))
            table.lines.append(line)
    except UploadRefused as refused:
        raise ReturnRefused(refused.message, file=name, line=refused.line) from refused
    source = SourceFile(
        name=name, table=spec.name, sha256=hashlib.sha256(data).hexdigest(), rows=len(table.rows)
    )
    return table, source


def read_csvs(files: list[tuple[str, bytes]]) -> Ssda903Return:
    tables: dict[str, Table] = {}
    sources: list[SourceFile] = []
    for name, data in files:
        table, source = read_csv_file(name, data)
        if table.spec.name in tables:
            raise ReturnRefused(
                f"Two files are the {table.spec.name} file: {tables[table.spec.name].file_name} "
                "and this one. Upload each file of the return once.",
                file=name,
            )
        tables[table.spec.name] = table
        sources.append(source)
    return Ssda903Return(tables=tables, files=sources, file_format="csv")


def to_csv(table: Table) -> bytes:
    """The table as DfE's CSV file, dates written dd/mm/yyyy: what DfE's validator reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.spec.columns)
    for row in table.rows:
        writer.writerow(
            [
                value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value
                for value in row
            ]
        )
    return buffer.getvalue().encode("utf-8")


# -- XML -------------------------------------------------------------------------------------

# The XML form: a root holding one CHILD per child; the child's own values (in its HEADER)
# and, nested in it, each episode, review, missing episode, health record (OC2), previous
# permanence and adoption placement. Tags as DfE's validator reads them.
_RECORDS = {
    "EPISODE": "episodes",
    "AREVIEW": "reviews",
    "AMISSING": "missing",
    "OC2": "oc2",
    "PERMANENCE": "previous_permanence",
    "AD_PLACED": "placed_for_adoption",
}
_RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
_MAX_XML_DEPTH = 8


class _ReturnBuilder:
    """An XML parser target that turns the return into rows as it is read, without keeping
    the document: each CHILD's own values and its nested records with their lines."""

    def __init__(self, name: str):
        self.name = name
        self.parser: DefusedXMLParser | None = None
        self.path: list[str] = []
        self.text: list[str] = []
        self.child: dict[str, str] | None = None
        self.child_line = 0
        self.records: list[tuple[str, dict[str, str], int]] = []
        self.record: tuple[str, dict[str, str], int] | None = None
        self.tables: dict[str, Table] = {}

    def _line(self) -> int:
        return self.parser.parser.CurrentLineNumber if self.parser else 0

    def start(self, tag: str, attrs: dict) -> None:
        tag = tag.rpartition("}")[2].upper()
        self.path.append(tag)
        self.text = []
        if len(self.path) > _MAX_XML_DEPTH:
            raise ReturnRefused("The XML is nested deeper than a 903 return.", file=self.name)
        if tag == "CHILD" and len(self.path) == 2:
            self.child, self.child_line, self.records = {}, self._line(), []
        elif tag in _RECORDS and self.child is not None and self.record is None:
            self.record = (tag, {}, self._line())

    def data(self, text: str) -> None:
        self.text.append(text)

    def end(self, tag: str) -> None:
        tag = tag.rpartition("}")[2].upper()
        self.path.pop()
        if self.record is not None and tag == self.record[0]:
            self.records.append(self.record)
            self.record = None
        elif tag == "CHILD" and len(self.path) == 1 and self.child is not None:
            self._child_done()
            self.child = None
        elif self.child is not None:
            value = "".join(self.text).strip()
            name = _RENAMED.get(tag, tag)
            if value or name not in (self.record[1] if self.record else self.child):
                (self.record[1] if self.record else self.child)[name] = value
        self.text = []

    def close(self) -> None:
        return None

    def _add(self, table: str, values: dict[str, str], line: int) -> None:
        spec = TABLES_BY_NAME[table]
        if table not in self.tables:
            self.tables[table] = Table(spec=spec, file_name=self.name)
        row = []
        for column in spec.columns:
            value = values.get(column, "")
            if column in spec.dates:
                if value:
                    try:
                        row.append(parse_date(value, iso=True))
                    except ValueError:
                        raise _bad_date(self.name, line, column) from None
                else:
                    row.append(None)
            else:
                row.append(value)
        self.tables[table].rows.append(tuple(row))
        self.tables[table].lines.append(line)

    def _child_done(self) -> None:
        child, line = self.child, self.child_line
        self._add("header", child, line)
        if child.get("UASC") not in (None, "", "0") or child.get("DUC"):
            self._add("uasc", child, line)
        if child.get("IN_TOUCH"):
            self._add("oc3", child, line)
        if child.get("DATE_INT"):
            self._add("ad1", child, line)
        for tag, values, record_line in self.records:
            self._add(_RECORDS[tag], {**child, **values}, record_line)


def read_xml(name: str, data: bytes) -> Ssda903Return:
    """Read the XML form of the return (defusedxml: no document type, no entities)."""
    builder = _ReturnBuilder(name)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        parser.close()
    except DefusedXmlException as error:
        raise ReturnRefused(
            "The XML declares a document type or entities, which a 903 return never has.",
            file=name,
        ) from error
    except SyntaxError as error:  # expat's ParseError
        line, column = getattr(error, "position", (0, 0))
        raise ReturnRefused(
            "This is not well-formed XML.", file=name, line=line, column=str(column + 1)
        ) from error
    sha = hashlib.sha256(data).hexdigest()
    sources = [
        SourceFile(name=name, table=table, sha256=sha, rows=len(found.rows))
        for table, found in builder.tables.items()
    ]
    return Ssda903Return(tables=builder.tables, files=sources, file_format="xml")
