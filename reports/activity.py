"""The Board's work for a report's snapshot, read through the strategy and sub-groups apps'
selectors and turned into plain data: highlight reports, meetings, the action log, "You said,
we did", challenges, the action plan and the risk register.

Public versions leave out what the Board treats as restricted: actions raised under restricted
agenda items, open challenges (they name officers and cases in progress), and who owns an
action, a meeting action or a risk (cpboard.roles.may_see_staff_names).
"""

from __future__ import annotations

import datetime

from cpboard.quarters import FinancialQuarter, FinancialYear
from reports.snapshot_types import (
    ActionDict,
    ActionLogDict,
    ActionPlanDict,
    AnnualActivityDict,
    BoardPackActivityDict,
    ChallengeDict,
    HighlightReportDict,
    InspectionDict,
    MeetingsDict,
    OutcomeProgressDict,
    RatingDict,
    RiskMovementDict,
    RiskRegisterDict,
    TrainingDict,
    VisitsDict,
    YouSaidDict,
)
from strategy import selectors as strategy
from subgroups import oversight
from subgroups import selectors as subgroups
from subgroups.models import BoardGroup


def _date(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _person(user, fallback: str = "") -> str:
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()


def highlight_reports(quarter: FinancialQuarter, *, public: bool) -> list[HighlightReportDict]:
    """Each sub-group's highlight report for the quarter, or its latest before it."""
    shaped = []
    for report in subgroups.latest_highlight_reports(quarter):
        if public and report.status != "submitted":
            continue
        shaped.append(
            {
                "group": report.group.name,
                "quarter": str(report.quarter),
                "is_current": report.quarter == quarter,
                "status": report.get_status_display(),
                "went_well": report.went_well,
                "concerns": report.concerns,
                "asks": report.asks,
                "outcomes": [f"{o.number}. {o.title}" for o in report.outcomes.all()],
                "kpis": [k.code for k in report.kpis.all()],
            }
        )
    return shaped


def you_said_we_did(start: datetime.date, end: datetime.date) -> list[YouSaidDict]:
    """What young people told the Board between `start` and `end`, and what it did, oldest
    first."""
    entries = subgroups.you_said_we_did(start=start, end=end)
    entries.sort(key=lambda entry: (entry.raised_on, entry.pk))
    return [
        {
            "raised_on": _date(entry.raised_on),
            "source": entry.get_source_display(),
            "you_said": entry.you_said,
            "we_did": entry.we_did,
            "status": entry.get_status_display(),
        }
        for entry in entries
    ]


def action_log(*, on_or_before: datetime.date, public: bool) -> ActionLogDict:
    """The Board's action log as it stood at its last meeting on or before the date."""
    board = BoardGroup.objects.board()
    if board is None:
        return {"meeting": None, "actions": []}
    log = subgroups.last_meeting_action_log(
        board, on_or_before=on_or_before, include_restricted=not public
    )
    return {
        "meeting": _date(log.meeting.starts_at.date()) if log.meeting else None,
        "actions": [
            {
                "description": action.description,
                "owner": "" if public else action.owner_name or _person(action.owner),
                "due_on": _date(action.due_on),
                "status": action.get_status_display(),
                "progress": action.progress,
            }
            for action in log.actions
        ],
    }


def challenges() -> list[ChallengeDict]:
    """Challenges raised at the Board and its sub-groups not yet answered."""
    return [
        {
            "subject": challenge.subject_label,
            "question": challenge.question,
            "group": challenge.group.name,
            "raised_by": _person(challenge.raised_by),
            "owner": _person(challenge.owner),
            "raised_on": _date(challenge.raised_on),
            "due_on": _date(challenge.due_on),
        }
        for challenge in subgroups.open_challenges()
    ]


def _action(action, *, public: bool) -> ActionDict:
    return {
        "reference": action.reference,
        "title": action.title,
        "outcome": action.outcome.number if action.outcome_id else None,
        "owner": "" if public else _person(action.owner),
        "due_on": _date(action.due_on),
        "status": action.get_status_display(),
    }


def action_plan(quarter: FinancialQuarter, *, public: bool) -> ActionPlanDict:
    """The action plan in the quarter: counts per status, overdue and off-track actions, the
    pledge commitments."""
    summary = strategy.action_plan_summary(quarter)
    return {
        "total": summary.total,
        "counts": [{"status": label, "count": count} for label, count in summary.counts],
        "overdue": [_action(a, public=public) for a in summary.overdue],
        "off_track": [_action(a, public=public) for a in summary.off_track],
        "pledges": [
            {
                "reference": row.commitment.reference,
                "title": row.commitment.title,
                "kind": row.commitment.get_kind_display(),
                "status": row.status_label,
                "update": row.latest_update.note if row.latest_update else "",
            }
            for row in summary.pledges
        ],
    }


def _rating(rating) -> RatingDict | None:
    if rating is None:
        return None
    return {"code": rating.code, "words": rating.words, "level": rating.level}


def risk_register(as_of: datetime.date | None, *, public: bool) -> RiskRegisterDict:
    """The open risks with their ratings, and the matrix as rows of cells."""
    register = strategy.risk_register(as_of=as_of)
    scale = register.scale
    return {
        "as_of": _date(register.as_of),
        "likelihoods": [{"code": c, "word": w} for c, w in scale.likelihoods],
        "impacts": [{"code": c, "word": w} for c, w in register.impacts],
        "risks": [
            {
                "reference": row.risk.reference,
                "title": row.risk.title,
                "mitigation": row.risk.mitigation,
                "owner": "" if public else _person(row.risk.owner),
                "rating": _rating(row.rating),
                "target": _rating(row.target),
                "review_overdue": row.review_overdue,
                "needs_rerating": row.needs_rerating,
            }
            for row in register.risks
        ],
        "matrix": [
            {
                "likelihood": row[0].likelihood if row else "",
                "likelihood_word": scale.likelihood_word(row[0].likelihood) if row else "",
                "cells": [
                    {"code": cell.code, "level": cell.level, "references": cell.references}
                    for cell in row
                ],
            }
            for row in register.cells
        ],
    }


def risk_movement(year: FinancialYear) -> list[RiskMovementDict]:
    """How each risk's rating moved over the year."""
    return [
        {
            "reference": row.risk.reference,
            "title": row.risk.title,
            "start": _rating(row.start),
            "end": _rating(row.end),
            "movement": row.movement,
        }
        for row in strategy.risk_movement(year)
    ]


def outcome_progress(quarter: FinancialQuarter) -> dict[int, OutcomeProgressDict]:
    """Per outcome id: its progress statement and action counts in the quarter."""
    return {
        row.outcome.pk: {
            "statement": row.statement,
            "statement_quarter": str(row.statement_quarter) if row.statement_quarter else "",
            "actions": sum(row.action_counts.values()),
            "complete": row.action_counts.get("complete", 0),
            "off_track": row.action_counts.get("off_track", 0),
            "overdue": row.overdue,
        }
        for row in strategy.outcome_progress(quarter)
    }


def principle_actions() -> dict[int, int]:
    """Per principle number: how many actions and commitments serve it."""
    return {row.principle.number: len(row.actions) for row in strategy.principle_overview()}


def meetings(year: FinancialYear) -> list[MeetingsDict]:
    """For the Board and each sub-group: meetings held, cancelled and planned in the year and
    the attendance at those held (four queries, whatever the number of groups)."""
    groups = list(subgroups.group_list())
    summaries = subgroups.meetings_summaries(groups, start=year.start, end=year.end)
    shaped = []
    for group in groups:
        summary = summaries[group.pk]
        shaped.append(
            MeetingsDict(
                group=group.name,
                is_board=group.is_board,
                held=summary.held,
                cancelled=summary.cancelled,
                planned=summary.planned,
                attendance=f"{summary.attendance_rate:.1f}%"
                if summary.attendance_rate is not None
                else "not recorded",
            )
        )
    return shaped


def inspections(year: FinancialYear) -> list[InspectionDict]:
    """The inspections that ended in the year, oldest first, with Ofsted's judgements in its
    words and how many of their recommendations are closed (all of it public)."""
    shaped = []
    for inspection in oversight.inspections_between(year.start, year.end):
        recommendations = list(inspection.recommendations.all())
        shaped.append(
            {
                "service": inspection.service_name,
                "kind": inspection.get_kind_display(),
                "provision": inspection.get_provision_display(),
                "inspected_on": _date(inspection.inspected_on),
                "judgement": inspection.get_judgement_display(),
                "children_in_care": inspection.get_children_in_care_judgement_display(),
                "care_leavers": inspection.get_care_leavers_judgement_display(),
                "report_url": inspection.report_url,
                "recommendations": len(recommendations),
                "closed": sum(1 for r in recommendations if not r.is_open),
            }
        )
    return shaped


def training(year: FinancialYear, *, as_of: datetime.date) -> list[TrainingDict]:
    """For each course: the sessions held in the year and the places members took on them."""
    development = oversight.member_development(year, today=min(as_of, year.end))
    by_course: dict[int, TrainingDict] = {}
    for session in sorted(development.sessions, key=lambda s: (s.held_on, s.pk)):
        row = by_course.setdefault(
            session.course_id,
            {"course": session.course.name, "sessions": 0, "completed": 0, "dates": []},
        )
        row["sessions"] += 1
        row["completed"] += len(session.attendees.all())
        row["dates"].append(_date(session.held_on))
    order = {course.pk: index for index, course in enumerate(development.courses)}
    return [by_course[pk] for pk in sorted(by_course, key=lambda pk: order.get(pk, 0))]


def visits(year: FinancialYear) -> VisitsDict:
    """The visits members made in the year: each service and date, and the count per kind
    of service (no report text: the reports are the group's)."""
    programme = oversight.visits_in_year(year)
    made = [v for v in programme.visits if v.status == "visited"]
    return {
        "made": [
            {
                "service": visit.service_name,
                "kind": visit.get_service_display(),
                "visit_on": _date(visit.visit_on),
                "visitors": len(visit.visitors.all()),
            }
            for visit in made
        ],
        "by_kind": [{"kind": label, "count": count} for label, count in programme.services],
    }


def board_pack(
    quarter: FinancialQuarter, *, public: bool, as_of: datetime.date
) -> BoardPackActivityDict:
    """The Board's work for a quarterly pack."""
    part: BoardPackActivityDict = {
        "highlight_reports": highlight_reports(quarter, public=public),
        "you_said_we_did": you_said_we_did(quarter.start, quarter.end),
        "action_log": action_log(on_or_before=as_of, public=public),
        "challenges": [] if public else challenges(),
        "action_plan": action_plan(quarter, public=public),
        "risks": risk_register(quarter.end if quarter.end < as_of else None, public=public),
        "outcome_progress": outcome_progress(quarter),
    }
    return part


def annual(year: FinancialYear, *, public: bool, as_of: datetime.date) -> AnnualActivityDict:
    """The Board's work over a financial year."""
    year_end = year.quarters()[-1]
    return {
        "meetings": meetings(year),
        "you_said_we_did": you_said_we_did(year.start, year.end),
        "action_plan": action_plan(year_end, public=public),
        "risks": risk_register(year.end if year.end < as_of else None, public=public),
        "risk_movement": risk_movement(year),
        "outcome_progress": outcome_progress(year_end),
        "principle_actions": principle_actions(),
        "inspections": inspections(year),
        "training": training(year, as_of=as_of),
        "visits": visits(year),
    }
