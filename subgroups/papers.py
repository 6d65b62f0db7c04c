"""Board papers: which files are accepted, checked by what is inside them, not by their name.

A paper is accepted when it is a PDF (it starts with the PDF signature), a Word document or an
Excel workbook (an Office Open XML zip with the parts those formats must have) or an
OpenDocument text (a zip whose `mimetype` member says so), and is no larger than
BOARD_PAPER_MAX_MB. A zip is judged by cpboard.uploads before anything in it is unpacked.
Anything else is refused before it is stored; a very long name is shortened."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cpboard import uploads

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class PaperKind:
    extension: str
    label: str
    content_type: str


PDF = PaperKind("pdf", "PDF", "application/pdf")
DOCX = PaperKind(
    "docx",
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = PaperKind(
    "xlsx", "Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
ODT = PaperKind("odt", "OpenDocument text", ODT_MIMETYPE.decode())
KINDS = {kind.extension: kind for kind in (PDF, DOCX, XLSX, ODT)}

REFUSED = "The paper must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) file."


def max_bytes() -> int:
    return int(settings.BOARD_PAPER_MAX_MB * 1024 * 1024)


def _zip_kind(upload: UploadedFile) -> PaperKind | None:
    """The kind of an Office or OpenDocument zip, judged from its directory and at most the
    first bytes of its `mimetype`; raises ValidationError for a zip bomb."""
    try:
        with uploads.open_zip(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                start = uploads.read_member_start(archive, "mimetype", len(ODT_MIMETYPE) + 2)
                if start.strip() == ODT_MIMETYPE:
                    return ODT
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except uploads.UploadRefused as refused:
        raise ValidationError(refused.message, code="unusual_zip") from refused
    # A damaged zip fails in many ways (a bad header, a member cut short, a bad checksum).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, EOFError, ValueError):
        return None
    return None


def paper_kind(upload: UploadedFile) -> PaperKind | None:
    """What the file really is, from its content; None if it is none of the accepted kinds.
    Raises ValidationError for a zip packed like a zip bomb, before anything in it is read."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        return None
    finally:
        upload.seek(0)


def validate_paper(upload: UploadedFile) -> PaperKind:
    """Refuse a file that is too large, packed like a zip bomb, or whose content is not a PDF,
    DOCX, XLSX or ODT file, or whose name does not say the kind it is. Returns the kind, and
    shortens a very long name in place (keeping its extension) so that it can be stored."""
    limit = settings.BOARD_PAPER_MAX_MB
    if upload.size > max_bytes():
        raise ValidationError(
            f"The paper must be smaller than {limit:g} MB; this file is "
            f"{upload.size / 1024 / 1024:.1f} MB.",
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError("The paper is empty. Choose the file again.", code="empty")
    kind = paper_kind(upload)
    if kind is None:
        raise ValidationError(REFUSED, code="wrong_type")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension != kind.extension:
        raise ValidationError(
            f"This file is a {kind.label} but its name ends in “.{extension}”. Rename it to "
            f"end in .{kind.extension} and upload it again.",
            code="wrong_name",
        )
    upload.name = uploads.shortened_name(upload.name)
    return kind
