"""The strategy app's part of the permission table; see access.py for what each cell means.

Aligned by hand like the main table (ruff's formatter is off for it)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cpboard.quarters import FinancialQuarter
from strategy.models import Action, ActionUpdate, Outcome, OutcomeProgress, Risk, RiskReview, Status
from tests.permissions.access import LOGIN, NO, OK, Access, Demo, Part

OFF_TRACK_UPDATE = "Matrix update: the matched carers withdrew in August."
PLEDGE_TITLE = "We will make sure you have your own bank account by 16 (matrix)"


def load(demo: Demo) -> None:
    """An off-track action and a high risk, both owned by the officer, who also leads the
    demo outcome; a pledge commitment."""
    officer = demo.users["officer"]
    Outcome.objects.filter(pk=demo.outcome.pk).update(lead_officer=officer)
    action = Action.objects.create(
        outcome=demo.outcome,
        reference="M.1",
        title="Matrix action: match every sibling group",
        owner=officer,
        due_on=datetime.date(2024, 6, 30),
        status=Status.OFF_TRACK,
    )
    ActionUpdate.objects.create(
        action=action,
        quarter=FinancialQuarter.parse("2024-25 Q1"),
        status=Status.OFF_TRACK,
        note=OFF_TRACK_UPDATE,
        written_by=officer,
    )
    pledge = Action.objects.create(
        kind=Action.Kind.PLEDGE,
        reference="MP1",
        title=PLEDGE_TITLE,
        owner=officer,
        status=Status.ON_TRACK,
    )
    risk = Risk.objects.create(
        reference="MX01",
        title="Matrix risk: too few homes for sibling groups",
        description="Matrix risk description.",
        owner=officer,
        outcome=demo.outcome,
        likelihood="B",
        impact="II",
        target_likelihood="C",
        target_impact="III",
        review_on=datetime.date(2030, 1, 1),
        opened_on=datetime.date(2024, 4, 1),
    )
    RiskReview.objects.create(
        risk=risk,
        quarter=FinancialQuarter.parse("2024-25 Q1"),
        reviewed_on=datetime.date(2024, 7, 10),
        likelihood="B",
        impact="II",
        note="Matrix review: the sibling homes are still short.",
        reviewed_by=officer,
    )
    demo.extra.update(plan_action=action, plan_pledge=pledge, plan_risk=risk)


def _action_state(demo: Demo) -> dict:
    action = demo.extra["plan_action"]
    return {
        "status": Action.objects.get(pk=action.pk).status,
        "updates": list(ActionUpdate.objects.filter(action=action).values_list("quarter", "note")),
        "history rows": Action.history.filter(id=action.pk).count(),
    }


def _risk_state(demo: Demo) -> dict:
    risk = demo.extra["plan_risk"]
    return Risk.objects.values(
        "title",
        "likelihood",
        "impact",
        "target_likelihood",
        "target_impact",
        "review_on",
        "owner",
    ).get(pk=risk.pk) | {
        "reviews": list(RiskReview.objects.filter(risk=risk).values_list("quarter", "note")),
        "history rows": Risk.history.filter(id=risk.pk).count(),
    }


def _progress_state(demo: Demo) -> dict:
    return {
        "statements": list(
            OutcomeProgress.objects.filter(outcome=demo.outcome.pk).values_list(
                "quarter", "statement"
            )
        )
    }


def _risk_form(demo: Demo) -> dict:
    risk = demo.extra["plan_risk"]
    return {
        "title": "Changed by the permission matrix",
        "description": risk.description,
        "cause": "",
        "consequence": "",
        "owner": risk.owner_id,
        "outcome": risk.outcome_id,
        "mitigation": "",
        "review_on": "2030-01-01",
        "target_rating": "CIII",
    }


def _actions(demo: Demo) -> dict:
    return {
        "actions": list(
            Action.objects.values_list("kind", "reference", "title", "owner", "due_on")
        ),
        "history rows": Action.history.count(),
    }


def _risks(demo: Demo) -> dict:
    return {"risks": list(Risk.objects.values_list("reference", "title", "likelihood", "impact"))}


def _action_form(demo: Demo) -> dict:
    action = demo.extra["plan_action"]
    return {
        "outcome": action.outcome_id,
        "reference": action.reference,
        "title": "Changed by the permission matrix",
        "description": "",
        "owner": action.owner_id,
        "due_on": "2026-03-31",
        "principles": [],
    }


def _new_action(demo: Demo) -> dict:
    return {
        "kind": Action.Kind.ACTION,
        "outcome": demo.outcome.pk,
        "reference": "M.9",
        "title": "Added by the permission matrix",
        "description": "",
        "owner": "",
        "due_on": "2026-03-31",
        "principles": [],
    }


def _new_risk(demo: Demo) -> dict:
    return {
        "reference": "MX09",
        "title": "Added by the permission matrix",
        "description": "",
        "cause": "",
        "consequence": "",
        "owner": "",
        "outcome": "",
        "mitigation": "",
        "review_on": "2030-01-01",
        "rating": "CII",
        "target_rating": "DIII",
    }


def _review_file(demo: Demo) -> dict:
    content = (
        "risk,quarter,reviewed_on,rating,note\n"
        "MX01,2024-25 Q2,2024-10-12,CII,Imported by the permission matrix.\n"
    )
    return {"file": SimpleUploadedFile("reviews.csv", content.encode(), "text/csv")}


_STAFF_ONLY = (LOGIN, OK, OK, OK, OK, NO, OK)
_OWNER_OR_SECRETARY = (LOGIN, NO, OK, NO, OK, NO, OK)
_SECRETARY = (LOGIN, NO, NO, NO, OK, NO, OK)


# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    "strategy:outcome-progress": Access(
        get=          (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": demo.outcome.pk},
        sentinel=lambda demo: "Progress statement",
        payload=lambda demo: {"quarter": "2024-25 Q2",
                              "statement": "Written by the permission matrix."},
        state=_progress_state,
        redirects_to=lambda demo: demo.outcome.get_absolute_url(),
    ),
    "strategy:action-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.extra["plan_action"].title,
    ),
    "strategy:action-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: {"pk": demo.extra["plan_action"].pk},
        sentinel=lambda demo: OFF_TRACK_UPDATE,
        parts=(
            Part("change history", lambda demo: "Change history",
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
        ),
    ),
    "strategy:action-update": Access(
        get=          _OWNER_OR_SECRETARY,
        post=         _OWNER_OR_SECRETARY,
        kwargs=lambda demo: {"pk": demo.extra["plan_action"].pk},
        sentinel=lambda demo: demo.extra["plan_action"].title,
        payload=lambda demo: {"quarter": "2024-25 Q2", "status": Status.AT_RISK,
                              "note": "Updated by the permission matrix."},
        state=_action_state,
        redirects_to=lambda demo: demo.extra["plan_action"].get_absolute_url(),
    ),
    "strategy:action-create": Access(
        get=          _SECRETARY,
        post=         _SECRETARY,
        sentinel=lambda demo: "Add an action or a commitment",
        payload=_new_action,
        state=_actions,
        redirects_to=lambda demo: Action.objects.get(reference="M.9").get_absolute_url(),
    ),
    "strategy:action-edit": Access(
        get=          _SECRETARY,
        post=         _SECRETARY,
        kwargs=lambda demo: {"pk": demo.extra["plan_action"].pk},
        sentinel=lambda demo: demo.extra["plan_action"].title,
        payload=_action_form,
        state=_actions,
        redirects_to=lambda demo: demo.extra["plan_action"].get_absolute_url(),
    ),
    "strategy:pledge": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: PLEDGE_TITLE,
    ),
    "strategy:exceptions": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.extra["plan_action"].title,
        parts=(
            Part("the risk register", lambda demo: demo.extra["plan_risk"].title,
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
        ),
    ),
    "strategy:risk-list": Access(
        get=          _STAFF_ONLY,
        sentinel=lambda demo: demo.extra["plan_risk"].title,
    ),
    "strategy:risk-matrix": Access(
        get=          _STAFF_ONLY,
        sentinel=lambda demo: demo.extra["plan_risk"].title,
    ),
    "strategy:risk-detail": Access(
        get=          _STAFF_ONLY,
        kwargs=lambda demo: {"pk": demo.extra["plan_risk"].pk},
        sentinel=lambda demo: "Matrix review: the sibling homes are still short.",
    ),
    "strategy:risk-review": Access(
        get=          _OWNER_OR_SECRETARY,
        post=         _OWNER_OR_SECRETARY,
        kwargs=lambda demo: {"pk": demo.extra["plan_risk"].pk},
        sentinel=lambda demo: demo.extra["plan_risk"].title,
        payload=lambda demo: {"quarter": "2024-25 Q2", "rating": "CII",
                              "note": "Reviewed by the permission matrix.",
                              "next_review_on": "2030-06-30"},
        state=_risk_state,
        redirects_to=lambda demo: demo.extra["plan_risk"].get_absolute_url(),
    ),
    "strategy:risk-edit": Access(
        get=          _SECRETARY,
        post=         _SECRETARY,
        kwargs=lambda demo: {"pk": demo.extra["plan_risk"].pk},
        sentinel=lambda demo: demo.extra["plan_risk"].title,
        payload=_risk_form,
        state=_risk_state,
        redirects_to=lambda demo: demo.extra["plan_risk"].get_absolute_url(),
    ),
    "strategy:risk-create": Access(
        get=          _SECRETARY,
        post=         _SECRETARY,
        sentinel=lambda demo: "Add a risk to the register",
        payload=_new_risk,
        state=_risks,
        redirects_to=lambda demo: Risk.objects.get(reference="MX09").get_absolute_url(),
    ),
    "strategy:risk-import": Access(
        get=          _SECRETARY,
        post=         _SECRETARY,
        sentinel=lambda demo: "Import risk reviews",
        payload=_review_file,
        state=_risk_state,
        redirects_to=lambda demo: reverse("strategy:risk-list"),
    ),
}
# fmt: on
