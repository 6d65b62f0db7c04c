"""Uploading board papers: only PDF, DOCX, XLSX and ODT, by content, up to the size set; no
upload replaces another meeting's paper; downloads go through a view that checks access."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from subgroups.models import AgendaItem
from tests.subgroups.conftest import (
    docx_upload,
    make_meeting,
    odt_upload,
    pdf_upload,
    xlsx_upload,
    zip_upload,
)

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def _add(client, meeting, upload, title="Item with a paper"):
    return client.post(
        reverse("subgroups:item-add", args=[meeting.pk]),
        {"title": title, "presenter": "", "upload": upload},
    )


@pytest.mark.parametrize(
    "upload", [pdf_upload, docx_upload, xlsx_upload, odt_upload], ids=lambda f: f.__name__
)
def test_secretary_uploads_each_accepted_kind_of_paper(client, board, people, upload):
    meeting = make_meeting(board)

    response = _add(_client(client, people["secretary"]), meeting, upload())

    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting, title="Item with a paper")
    assert item.paper_name == upload().name


def test_a_program_renamed_to_pdf_is_refused_with_a_message_and_nothing_saved(
    client, board, people
):
    meeting = make_meeting(board)
    fake = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 this is a Windows program")

    response = _add(_client(client, people["secretary"]), meeting, fake)

    assert response.status_code == 200
    assert "must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT)" in response.text
    assert 'class="govuk-error-summary' in response.text
    assert not AgendaItem.objects.filter(title="Item with a paper").exists()


def test_a_zip_that_is_not_an_office_document_is_refused(client, board, people):
    meeting = make_meeting(board)
    upload = zip_upload("paper.docx", {"readme.txt": b"hello"})

    response = _add(_client(client, people["secretary"]), meeting, upload)

    assert "must be a PDF" in response.text
    assert not AgendaItem.objects.filter(title="Item with a paper").exists()


def test_a_pdf_named_as_a_word_document_is_refused_with_the_fix(client, board, people):
    meeting = make_meeting(board)

    response = _add(_client(client, people["secretary"]), meeting, pdf_upload("paper.docx"))

    assert "Rename it to end in .pdf" in response.text
    assert not AgendaItem.objects.filter(title="Item with a paper").exists()


def test_a_paper_over_the_size_limit_is_refused(client, board, people, settings):
    settings.BOARD_PAPER_MAX_MB = 0.001  # about a kilobyte
    meeting = make_meeting(board)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4000)

    response = _add(_client(client, people["secretary"]), meeting, big)

    assert "The paper must be smaller than 0.001 MB" in response.text
    assert not AgendaItem.objects.filter(title="Item with a paper").exists()


def test_two_meetings_papers_with_the_same_name_are_both_kept(client, board, people):
    client = _client(client, people["councillor"])
    first, second = make_meeting(board, days=5), make_meeting(board, days=95)
    _client(client, people["secretary"])
    _add(client, first, pdf_upload("agenda.pdf", "FIRST MEETING"), "Agenda pack")
    _add(client, second, pdf_upload("agenda.pdf", "SECOND MEETING"), "Agenda pack")
    one, two = AgendaItem.objects.filter(title="Agenda pack").order_by("meeting__starts_at")

    assert one.paper.name != two.paper.name
    first_body = b"".join(client.get(reverse("subgroups:paper-download", args=[one.pk])))
    second_body = b"".join(client.get(reverse("subgroups:paper-download", args=[two.pk])))
    assert b"FIRST MEETING" in first_body
    assert b"SECOND MEETING" in second_body


def test_a_paper_downloads_as_an_attachment_with_its_original_name(client, board, people):
    meeting = make_meeting(board)
    client = _client(client, people["secretary"])
    _add(client, meeting, pdf_upload("Board pack Q2.pdf"))
    item = AgendaItem.objects.get(title="Item with a paper")

    response = client.get(reverse("subgroups:paper-download", args=[item.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Board pack Q2.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_papers_are_not_served_at_a_public_media_address(client, board, people):
    meeting = make_meeting(board)
    client = _client(client, people["secretary"])
    _add(client, meeting, pdf_upload("public.pdf"))
    item = AgendaItem.objects.get(title="Item with a paper")

    response = client.get("/media/" + item.paper.name)

    assert response.status_code == 404
