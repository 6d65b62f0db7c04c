"""Builders for the Board's meetings: a Board with members, meetings and restricted items."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cpboard import roles
from subgroups.demo import minimal_pdf
from subgroups.models import AgendaItem, Meeting, Membership
from tests.factories import BoardFactory, UserFactory

SINCE = datetime.date(2020, 1, 1)
RESTRICTED = "Restricted: dispute with a placement provider"
RESTRICTED_MINUTES = "The provider's confidential rates were discussed."
PAPER_TEXT = "CONFIDENTIAL-PAPER-TEXT"


def pdf_upload(name: str = "paper.pdf", text: str = "A board paper") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf("Paper", [text]), "application/pdf")


def zip_upload(name: str, members: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def docx_upload(name: str = "paper.docx") -> SimpleUploadedFile:
    return zip_upload(
        name, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    )


def xlsx_upload(name: str = "figures.xlsx") -> SimpleUploadedFile:
    return zip_upload(name, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odt_upload(name: str = "paper.odt") -> SimpleUploadedFile:
    return zip_upload(
        name,
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
    )


def make_meeting(group, *, days: int = 10, status=Meeting.Status.PLANNED, **fields) -> Meeting:
    moment = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return Meeting.objects.create(
        group=group,
        starts_at=moment,
        place=fields.pop("place", "Gun Wharf"),
        status=status,
        **fields,
    )


def seat(group, user=None, role=Membership.Role.MEMBER, **fields) -> Membership:
    return Membership.objects.create(
        group=group, user=user, role=role, starts_on=fields.pop("starts_on", SINCE), **fields
    )


@pytest.fixture
def board(db):
    return BoardFactory()


@pytest.fixture
def people(db, board):
    """One person per role; the councillor, secretary and young person sit on the Board,
    the others do not."""
    people = {
        "councillor": UserFactory(username="cllr", role=roles.COUNCILLOR),
        "officer": UserFactory(username="off", role=roles.OFFICER),
        "lead": UserFactory(username="lead", role=roles.PERFORMANCE_LEAD),
        "secretary": UserFactory(username="sec", role=roles.BOARD_SECRETARY),
        "young": UserFactory(username="yp", role=roles.YOUNG_PERSON),
        "admin": UserFactory(username="adm", role=roles.ADMINISTRATOR),
    }
    seat(board, people["councillor"], Membership.Role.CHAIR)
    seat(board, people["secretary"], Membership.Role.SECRETARY)
    seat(board, people["young"], Membership.Role.YOUNG_PERSON)
    return people


@pytest.fixture
def restricted_meeting(db, board, people):
    """A Board meeting with an open item and a restricted item that has a paper and minutes."""
    meeting = make_meeting(board, place="Committee Room 2")
    AgendaItem.objects.create(meeting=meeting, position=1, title="The pledge refresh")
    item = AgendaItem(
        meeting=meeting,
        position=2,
        title=RESTRICTED,
        is_restricted=True,
        minutes=RESTRICTED_MINUTES,
        decisions="Agreed to go to arbitration.",
        paper_name="dispute.pdf",
    )
    item.paper.save("dispute.pdf", pdf_upload("dispute.pdf", PAPER_TEXT), save=False)
    item.save()
    meeting.restricted = item
    return meeting
