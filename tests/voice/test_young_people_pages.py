"""The young person's home page and summary are written for a reader of 12: a
Flesch-Kincaid grade of 5 or lower (tests/voice/readability.py), figures told in sentences
from approved figures, small groups in words, never a bare percentage; the councillors' home
page is the one it was."""

import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from reports.models import Report
from reports.rendering import render_html, write_pdf
from reports.snapshot import build_snapshot
from tests.reports.helpers import make_report
from tests.voice.readability import grade, hardest, main_text, pdf_text
from voice.demo import load_demo_voice
from voice.plain import count_in_words, figure_in_words

READING_GRADE = 5


@pytest.fixture
def demo_with_voice(demo_records):
    load_demo_voice()
    return demo_records


def _young_home(client_as):
    response = client_as(roles.YOUNG_PERSON).get(reverse("reports:home"))
    assert response.status_code == 200
    return response


def test_the_young_persons_home_page_reads_at_grade_five_or_lower(client_as, demo_with_voice):
    response = _young_home(client_as)
    text = main_text(response.text)

    assert grade(text) <= READING_GRADE, hardest(text)
    # KPI titles are in what was measured: the plain ones.
    assert "Children who saw a dentist this year" in text
    assert "Dental checks in the last 12 months" not in text


def test_the_young_persons_home_tells_figures_in_sentences_never_as_bare_percentages(
    client_as, demo_with_voice
):
    response = _young_home(client_as)
    text = main_text(response.text)
    home = response.context["home"]

    assert "%" not in text
    assert home.figures
    assert re.search(r"It was \d+ out of every 100\. The board wants it to be \d+", text)
    for section in (
        "Who is on the board",
        "How children here are doing",
        "What the board is working on",
        "You said, we did",
        "What young people told us",
        "Good news",
    ):
        assert section in text
    assert "The board next meets on" in text
    assert re.search(r"Chair\s+Helen Ashworth", text)
    # What does this mean? for the words that cannot be avoided.
    assert "What does this mean?" in response.text
    for word in ("Care leaver", "Placement", "UASC"):
        assert word in text
    # Bright Spots with the national comparison.
    assert "said they trust their social worker. In all of England, it was 86." in text


def test_councillors_keep_their_own_home_page(client_as, demo_with_voice):
    response = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert next(t.name for t in response.templates) == "reports/home.html"
    assert "dashboard" in response.context
    assert "How children here are doing" not in response.text


def test_small_groups_are_told_in_words_and_no_figure_is_a_bare_percentage():
    assert [count_in_words(n) for n in (0, 1, 4, 5, 10, 11, 1203)] == [
        "none",
        "fewer than 5",
        "fewer than 5",
        "five",
        "ten",
        "11",
        "1,203",
    ]
    dental = figure_in_words(
        title="Children who saw a dentist",
        unit="percentage",
        value=Decimal("73.4"),
        numerator=90,
        target=Decimal("80"),
        polarity="higher",
        rag="amber",
        direction="improved",
    )
    assert dental.text == (
        "It was 73 out of every 100. The board wants it to be 80 out of every 100 or more. "
        "We are nearly there. It is better than last time."
    )
    few = figure_in_words(
        title="Children in care who came here alone", unit="count", value=Decimal(3)
    )
    assert few.text == "The number was fewer than 5."
    share_of_few = figure_in_words(
        title="Young people in a children's home far away",
        unit="percentage",
        value=Decimal("50"),
        numerator=2,
    )
    assert share_of_few.text == "This was true for fewer than 5 children."


def test_the_young_peoples_summary_reads_at_grade_five_or_lower(demo_with_voice, tmp_path):
    report = make_report(Report.Kind.YOUNG_PEOPLE, Report.Audience.PUBLIC)
    snapshot = build_snapshot(report, as_of=timezone.now())
    pdf = tmp_path / "summary.pdf"
    write_pdf(render_html(snapshot), pdf)
    lines = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = pdf_text(lines)

    assert grade(text) <= READING_GRADE, hardest(text)
    assert snapshot["plain_figures"]
    assert "Children who saw a dentist this year" in text
    assert "out of every 100" in text
    assert "What does this mean?" in text
    assert "What young people told us" in text
    assert "In all of England, it was" in text


def test_young_people_read_what_each_chart_and_table_shows_and_councillors_see_no_change(
    client_as, demo_with_voice
):
    young = client_as(roles.YOUNG_PERSON)
    councillor = client_as(roles.COUNCILLOR)
    kpi_page = reverse("performance:kpi-detail", kwargs={"code": "CLA-DENTAL"})

    for path, sentence in (
        (reverse("performance:scorecard"), "numbers the board checks"),
        (kpi_page, "The chart shows how this number went up or down"),
        (kpi_page, "The table shows the same numbers for each three months"),
        (kpi_page, "The table shows ten councils most like ours"),
        (kpi_page, "our number each year, next to England"),
    ):
        page = young.get(path).text
        assert sentence in page, path
        assert "What does this mean?" in page, path
        assert sentence not in councillor.get(path).text, path
    assert "What does this mean?" not in councillor.get(reverse("performance:scorecard")).text
    # The KPIs by their plain titles for young people, by their own for councillors.
    scorecard = reverse("performance:scorecard")
    assert "Children who saw a dentist this year" in young.get(scorecard).text
    assert "Children who saw a dentist this year" in young.get(kpi_page).text
    for path in (reverse("performance:scorecard"), kpi_page):
        page = councillor.get(path).text
        assert "Children who saw a dentist this year" not in page
        assert "Dental checks in the last 12 months" in page
    # The Bright Spots page is written for everyone: the Board reads it in plain words too.
    for client in (young, councillor):
        page = client.get(reverse("voice:bright-spots")).text
        assert "142 children in care answered in" in page
        assert "What does this mean?" in page


def test_the_annual_report_prints_the_bright_spots_results_with_england(demo_with_voice):
    report = make_report(Report.Kind.ANNUAL, Report.Audience.BOARD)
    snapshot = build_snapshot(report, as_of=timezone.now())

    html = render_html(snapshot)

    assert [survey["kind_label"] for survey in snapshot["bright_spots"]] == [
        "Your Life, Your Care",
        "Your Life Beyond Care",
    ]
    assert "What young people told us: Bright Spots" in html
    assert 'Trusts their social worker</th><td class="number">83.0%</td>' in html
    assert "86.0%" in html


def test_the_performance_lead_gives_a_kpi_a_plain_title_that_young_people_read(
    client_as, demo_with_voice
):
    from performance.models import Kpi

    kpi = Kpi.objects.get(code="CLA-PEP")
    form = {
        "title": kpi.title,
        "plain_title": "Children whose school plan was checked",
        "definition": kpi.definition,
        "definition_reference": kpi.definition_reference,
        "source": kpi.source,
        "definition_year": kpi.definition_year,
        "polarity": kpi.polarity,
        "frequency": kpi.frequency,
        "owner": kpi.owner_id or "",
        "subgroup": kpi.subgroup_id,
        "outcome": kpi.outcome_id or "",
        "suppress_small_counts": "on",
        "is_active": "on",
        "dfe_measure": kpi.dfe_measure,
        "ssda903_measure": kpi.ssda903_measure,
    }

    response = client_as(roles.PERFORMANCE_LEAD).post(
        reverse("performance:kpi-edit", kwargs={"code": kpi.code}), form
    )

    assert response.status_code == 302
    home = main_text(_young_home(client_as).text)
    assert "Children whose school plan was checked" in home
    assert Kpi.history.filter(id=kpi.pk).latest().plain_title == form["plain_title"]


def test_the_list_pages_take_a_fixed_number_of_queries(
    client_as, demo_with_voice, django_assert_num_queries
):
    from cpboard.demo import demo_people

    client = client_as(roles.YOUNG_PERSON)
    client.force_login(demo_people("youngperson")["youngperson"])
    for path in (
        reverse("voice:my-messages"),
        reverse("voice:bright-spots"),
        reverse("voice:celebrations"),
    ):
        client.get(path)
    # Session, user, roles; the messages with their unread notices counted; unread notices.
    with django_assert_num_queries(5):
        mine = client.get(reverse("voice:my-messages"))
    # Session, user, roles; the surveys; their results.
    with django_assert_num_queries(5):
        surveys = client.get(reverse("voice:bright-spots"))
    # Session, user, roles; the celebrations.
    with django_assert_num_queries(4):
        celebrations = client.get(reverse("voice:celebrations"))
    # The demo young person's four messages, under the table's header row.
    assert mine.text.count('<tr class="govuk-table__row">') == 1 + 4
    assert "Trusts their social worker" in surveys.text
    assert "Our awards night" in celebrations.text


@pytest.mark.parametrize(
    ("url_name", "sentence"),
    [
        ("strategy:outcome-list", "The table lists the board's big aims"),
        ("strategy:action-list", "The table lists the jobs in the board's plan"),
        ("subgroups:group-list", "The table lists the board and its smaller groups"),
        ("subgroups:meeting-list", "The table lists the meetings held lately."),
        ("reports:report-list", "The table lists the board's reports that you can read."),
    ],
)
def test_each_table_a_young_person_reads_says_what_it_shows(
    client_as, demo_records, url_name, sentence
):
    path = reverse(url_name)

    young = client_as(roles.YOUNG_PERSON).get(path)
    councillor = client_as(roles.COUNCILLOR).get(path)

    assert young.status_code == councillor.status_code == 200
    assert sentence in young.text
    assert sentence not in councillor.text


def test_every_demo_kpi_has_a_plain_title_for_young_people(demo_records):
    from performance.models import Kpi

    assert not Kpi.objects.filter(is_active=True, plain_title="").exists()
