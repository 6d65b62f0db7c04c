"""Agenda packs: one PDF per meeting whose contents' page numbers are the PDF's own, with a
bookmark per item, the meeting at the top of every page, PDF papers merged page for page and
Word papers attached; the members' and the public versions; and a new version of the whole
pack, listing what changed, when a paper is replaced after the pack went out.

Built with factories, not the demo, and compiling as few packs as the checks allow."""

import re
import subprocess

import pdfua
import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cpboard import roles
from reports import agenda_packs
from reports.models import AgendaPack, AgendaPackVersion
from reports.signals import agenda_pack_published
from subgroups import services
from subgroups.demo import paper_docx, paper_pdf
from subgroups.models import Membership
from tests.factories import BoardFactory, UserFactory
from tests.subgroups.conftest import make_meeting, seat

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Dispute with Acme Care Homes Ltd"
SECRET_PAPER = "ACME-CONFIDENTIAL-RATES"
PUBLIC_TITLE = "A placement provider"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def people(db):
    board = BoardFactory()
    people = {
        "board": board,
        "secretary": UserFactory(username="sec", role=roles.BOARD_SECRETARY),
        "councillor": UserFactory(username="cllr", role=roles.COUNCILLOR),
        "young": UserFactory(username="yp", role=roles.YOUNG_PERSON),
    }
    seat(board, people["secretary"], Membership.Role.SECRETARY)
    seat(board, people["councillor"], Membership.Role.CHAIR)
    seat(board, people["young"], Membership.Role.YOUNG_PERSON)
    return people


@pytest.fixture
def meeting(people):
    """A Board meeting with a three-page PDF paper, a Word paper, a restricted item with a
    PDF paper, and an item with none."""
    secretary = people["secretary"]
    meeting = make_meeting(people["board"], days=30, place="Gun Wharf")
    pages = [[f"Health report page {n}", f"HEALTH-PAGE-{n}"] for n in (1, 2, 3)]
    services.agenda_item_create(
        meeting=meeting,
        changed_by=secretary,
        title="Health of children in care",
        presenter="Designated nurse",
        paper=_upload("health.pdf", paper_pdf("Health", pages)),
    )
    services.agenda_item_create(
        meeting=meeting,
        changed_by=secretary,
        title="Ofsted inspection outcome",
        paper=_upload("ofsted.docx", paper_docx("Ofsted", ["Judged good."])),
    )
    services.agenda_item_create(
        meeting=meeting,
        changed_by=secretary,
        title=SECRET_TITLE,
        is_restricted=True,
        public_title=PUBLIC_TITLE,
        paper=_upload("dispute.pdf", paper_pdf("Dispute", [[SECRET_PAPER], ["Page two"]])),
    )
    services.agenda_item_create(meeting=meeting, changed_by=secretary, title="Any other business")
    return meeting


def _send(meeting, user) -> AgendaPackVersion:
    pack = agenda_packs.agenda_pack_send(meeting=meeting, requested_by=user, queue=False)
    version = agenda_packs.agenda_pack_compile(pack_id=pack.pk, run_token=pack.run_token)
    assert version is not None, AgendaPack.objects.get(pk=pack.pk).failure_reason
    return version


def _pages(path) -> list[str]:
    """The text of each page of the PDF, white space run together."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")][:-1]


def _contents(pages: list[str]) -> dict[str, int]:
    """The contents page's entries: "Item 1: Title" to the page number it gives."""
    contents = pages[1]
    assert "Contents" in contents
    return {
        match.group(1): int(match.group(2))
        for match in re.finditer(r"(Item \d+: .+?), page (\d+)", contents)
    }


def test_the_contents_page_numbers_are_the_pdfs_own_and_each_item_has_a_bookmark(people, meeting):
    version = _send(meeting, people["secretary"])
    pages = _pages(version.members_file.path)

    contents = _contents(pages)
    assert list(contents) == [
        "Item 1: Health of children in care",
        "Item 2: Ofsted inspection outcome",
        f"Item 3: {SECRET_TITLE}",
        "Item 4: Any other business",
    ]
    for heading, number in contents.items():
        # The heading opens the page the contents points at (after the running header).
        assert heading in pages[number - 1], (heading, number, pages[number - 1][:200])
    health = contents["Item 1: Health of children in care"]
    # The paper's three pages follow its heading page, one for one, under the running header.
    for n in (1, 2, 3):
        assert f"HEALTH-PAGE-{n}" in pages[health - 1 + n]
        assert "agenda pack version 1" in pages[health - 1 + n]
    assert "Gun Wharf" in pages[0]
    assert len(pages) == version.members_pages
    with pikepdf.open(version.members_file.path) as pdf:
        assert "/StructTreeRoot" in pdf.Root  # tagged, through finish_tagged_pdf
        assert list(pdf.attachments) == ["item-2-ofsted.docx"]
        with pdf.open_outline() as outline:
            bookmarks = {
                item.title: pdf.pages.index(item.destination[0]) + 1
                if isinstance(item.destination, pikepdf.Array)
                else None
                for item in outline.root
            }
    for heading, number in contents.items():
        assert bookmarks[heading] == number
    assert "Paper: ofsted.docx (Word document), attached inside this PDF" in pages[1]
    # Each paper page is a Figure a screen reader can name, so the PDF/UA checks pass.
    for path in (version.members_file.path, version.public_file.path):
        report = pdfua.validate(path)
        assert [(f.rule_id, f.message) for f in report.findings] == []


def test_the_public_version_names_no_restricted_item_and_members_get_theirs(people, meeting):
    version = _send(meeting, people["secretary"])

    members = " ".join(_pages(version.members_file.path))
    public = " ".join(_pages(version.public_file.path))

    assert SECRET_TITLE in members
    assert SECRET_PAPER in members
    assert SECRET_TITLE not in public
    assert SECRET_PAPER not in public
    assert f"Restricted: not for publication ({PUBLIC_TITLE})" in public
    assert "HEALTH-PAGE-2" in public
    assert "Designated nurse" in members
    assert "Designated nurse" not in public  # presenters are staff names (cpboard.people)
    with pikepdf.open(version.public_file.path) as pdf:
        assert list(pdf.attachments) == ["item-2-ofsted.docx"]
        with pdf.open_outline() as outline:
            assert not any(SECRET_TITLE in item.title for item in outline.root)
    url = reverse("reports:agenda-pack-download", args=[meeting.pk, 1])
    downloads = {}
    for who in ("councillor", "young"):
        client = Client()
        client.force_login(people[who])
        downloads[who] = b"".join(client.get(url).streaming_content)
    assert downloads["councillor"] == version.members_file.open("rb").read()
    assert downloads["young"] == version.public_file.open("rb").read()


def test_an_item_with_no_paper_to_read_shares_the_page_before_it_unless_a_paper_fills_that(
    people, meeting
):
    version = _send(meeting, people["secretary"])

    members, public = _pages(version.members_file.path), _pages(version.public_file.path)

    # In the public version the restricted item shows no paper, so it follows the item before
    # it on its page (whose Word paper is attached, not drawn), and so does the next item,
    # which has none either, rather than each taking a page of its own...
    public_contents = _contents(public)
    restricted = public_contents[f"Item 3: Restricted: not for publication ({PUBLIC_TITLE})"]
    assert public_contents["Item 2: Ofsted inspection outcome"] == restricted
    assert public_contents["Item 4: Any other business"] == restricted
    assert "There is no paper for this item." in public[restricted - 1]
    assert len(public) == version.public_pages == len(members) - 4
    # ...while in the members' version it starts the page after the restricted paper's pages.
    members_contents = _contents(members)
    assert (
        members_contents["Item 4: Any other business"]
        == members_contents[f"Item 3: {SECRET_TITLE}"] + 3
    )
    # A paper attached whole is read on its own page.
    assert (
        members_contents["Item 2: Ofsted inspection outcome"]
        > members_contents["Item 1: Health of children in care"] + 3
    )


def test_a_replaced_paper_sends_a_new_version_listing_the_change_and_keeps_the_old(
    people, meeting, django_capture_on_commit_callbacks, tasks_in_process
):
    first = _send(meeting, people["secretary"])
    published = []

    def heard(sender, **kwargs):
        published.append(kwargs)

    agenda_pack_published.connect(heard)
    try:
        restricted = meeting.agenda_items.get(title=SECRET_TITLE)
        health = meeting.agenda_items.get(title="Health of children in care")
        with django_capture_on_commit_callbacks(execute=True):
            services.agenda_item_update(
                item=health,
                changed_by=people["secretary"],
                paper=_upload("health-v2.pdf", paper_pdf("Health", [["HEALTH-REVISED"]])),
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.agenda_item_update(
                item=restricted,
                changed_by=people["secretary"],
                paper=_upload("dispute-v2.pdf", paper_pdf("Dispute", [["NEW-RATES"]])),
            )
    finally:
        agenda_pack_published.disconnect(heard)

    versions = list(AgendaPackVersion.objects.filter(pack__meeting=meeting).order_by("version"))
    assert [v.version for v in versions] == [1, 2, 3]
    assert versions[0].members_file.storage.exists(first.members_file.name)
    latest = versions[-1]
    members_front = _pages(latest.members_file.path)[0]
    assert "What changed since version 2" in members_front
    assert "Paper replaced: dispute-v2.pdf (was dispute.pdf)" in members_front
    second_front = _pages(versions[1].members_file.path)[0]
    assert "Item 1, Health of children in care: Paper replaced: health-v2.pdf (was health.pdf)" in (
        second_front
    )
    public = " ".join(_pages(latest.public_file.path))
    assert f"Restricted: not for publication ({PUBLIC_TITLE}): Its papers changed" in public
    assert "dispute" not in public
    assert SECRET_TITLE not in public
    assert "NEW-RATES" in " ".join(_pages(latest.members_file.path))
    assert [(p["version"], p["url"]) for p in published] == [
        (2, reverse("reports:agenda-pack", args=[meeting.pk])),
        (3, reverse("reports:agenda-pack", args=[meeting.pk])),
    ]
    client = Client()
    client.force_login(people["young"])
    page = client.get(reverse("reports:agenda-pack", args=[meeting.pk])).text
    assert "Version 3" in page
    assert "Version 1" in page
    assert "dispute-v2.pdf" not in page


def test_a_paper_added_before_the_pack_went_out_sends_nothing(
    people, meeting, django_capture_on_commit_callbacks
):
    item = meeting.agenda_items.get(title="Any other business")

    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_update(
            item=item,
            changed_by=people["secretary"],
            paper=_upload("aob.pdf", paper_pdf("A", [["x"]])),
        )

    assert not AgendaPack.objects.filter(meeting=meeting).exists()


def test_the_running_header_cannot_break_out_of_its_style():
    assert str(agenda_packs.css_string('Board "x"; } </style>')) == (
        '"Board \\22 x\\22 \\3b  \\7d  \\3c \\2f style\\3e "'
    )


def test_a_paper_replaced_while_a_version_compiles_sends_another_after_it(
    people, meeting, django_capture_on_commit_callbacks, tasks_in_process
):
    _send(meeting, people["secretary"])
    pack = agenda_packs.agenda_pack_send(
        meeting=meeting, requested_by=people["secretary"], queue=False
    )
    item = meeting.agenda_items.get(title="Any other business")
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_update(
            item=item,
            changed_by=people["secretary"],
            paper=_upload("aob.pdf", paper_pdf("AOB", [["AOB-PAPER"]])),
        )
    assert AgendaPack.objects.get(pk=pack.pk).resend

    with django_capture_on_commit_callbacks(execute=True):
        agenda_packs.agenda_pack_compile(pack_id=pack.pk, run_token=pack.run_token)

    pack.refresh_from_db()
    assert not pack.resend
    assert pack.status == AgendaPack.Status.SENT
    assert list(pack.versions.order_by("version").values_list("version", flat=True)) == [1, 2, 3]


def test_a_pdf_paper_too_long_to_merge_is_attached_whole(people, meeting, monkeypatch):
    # A paper of thousands of pages would make a pack no member could use, and a compile of
    # hours: past the limit it goes in as an attachment, as a Word paper does.
    monkeypatch.setattr(agenda_packs, "MERGED_PAGES_LIMIT", 2)

    version = _send(meeting, people["secretary"])

    pages = _pages(version.members_file.path)
    assert not any("HEALTH-PAGE-2" in page for page in pages)
    assert "Paper: health.pdf (PDF), attached inside this PDF as item-1-health.pdf" in pages[1]
    with pikepdf.open(version.members_file.path) as pdf:
        assert "item-1-health.pdf" in pdf.attachments
    # The two-page paper is still merged page for page.
    assert any("Page two" in page for page in pages)
