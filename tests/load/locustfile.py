"""The simulated people of the load check, for locust; run_load.py starts it and reads its files.

Councillors and officers sign in through the real form, then read the pages in
load_pages.READ_PAGES. Board secretaries, and officers entering the KPI figures they own, sign
in and save the forms in load_pages.SAVE_FORMS as a browser would: load the form, keep every
field as shown (hidden ones too), write a unique token into one field (in a formset, into one
row that can be saved), press one of the form's submit buttons, post it, and follow the
redirect to the record. Every save answered with that redirect is written at once to the
acknowledgements file, which run_load.py checks against the database's change history. A
save the portal refuses only because someone else saved the record since the form was opened
is the portal working as meant: it is written to the refusals file and counted as refused
(stale), not as a failure.

Only run_load.py should start this file: it prepares the accounts and writes the plan that
CPBOARD_LOAD_PLAN names (host, accounts, how many of each kind of person, each writer's own
records, parameter values, where to write). The host is checked to be loopback so that no
run can send load anywhere else.
"""

import ipaddress
import itertools
import json
import os
import random
import re
import string
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import (  # this folder is not a package: see sys.path above
    READ_PAGES,
    SAVE_FORMS,
    STALE_REFUSALS,
    TOKEN_PREFIX,
    Page,
    SaveForm,
)

PLAN = json.loads(Path(os.environ["CPBOARD_LOAD_PLAN"]).read_text())
_TOKEN_AT_END = re.compile(r"\s*\[" + re.escape(TOKEN_PREFIX) + r" [^\]]*\]\s*$")


def _assert_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise SystemExit(f"The load check only targets this machine (127.0.0.1), not {url!r}.")


_assert_loopback(PLAN["host"])


# --- What each request did, for run_load.py --------------------------------------------------

# Open for the whole run; flushed when locust quits.
_request_log = Path(PLAN["requests_file"]).open("a", buffering=1024 * 1024)  # noqa: SIM115
_requests_made = itertools.count(1)
_run: dict = {}


@events.request.add_listener
def _log_request(name, response_time, response, exception, start_time, **kwargs) -> None:
    status = getattr(response, "status_code", 0) or 0
    error = "" if exception is None else " ".join(str(exception).split())[:300]
    _request_log.write(f"{name}\t{response_time:.3f}\t{status}\t{start_time:.3f}\t{error}\n")
    if next(_requests_made) == PLAN["max_requests"]:
        # The bound on requests: stop every simulated person, as the time limit would.
        _run["stopped_at_max_requests"] = 1
        gevent.spawn(_environment[0].runner.quit)


_environment: list = []


@events.init.add_listener
def _remember_environment(environment, **kwargs) -> None:
    _environment.append(environment)


@events.user_error.add_listener
def _count_user_error(user_instance, exception, tb, **kwargs) -> None:
    """A simulated person's code failed (locust logs the traceback): an error of the run."""
    _run["user_errors"] = _run.get("user_errors", 0) + 1
    _run.setdefault("user_error_kinds", {})
    kind = f"{type(user_instance).__name__}: {type(exception).__name__}: {exception}"[:200]
    _run["user_error_kinds"][kind] = _run["user_error_kinds"].get(kind, 0) + 1


@events.test_start.add_listener
def _started(**kwargs) -> None:
    _run["started"] = time.time()


@events.test_stop.add_listener
def _stopped(**kwargs) -> None:
    _run["stopped"] = time.time()


@events.quitting.add_listener
def _write_run(**kwargs) -> None:
    _request_log.flush()
    Path(PLAN["run_file"]).write_text(json.dumps(_run))


# Line-buffered: an acknowledged (or refused) save is on disk before the next request.
_acks = Path(PLAN["acks_file"]).open("a", buffering=1)  # noqa: SIM115
_refusals = Path(PLAN["refusals_file"]).open("a", buffering=1)  # noqa: SIM115


# --- Reading the portal's HTML forms ---------------------------------------------------------


@dataclass
class _Form:
    """One <form>: the [name, value] pairs a browser would submit, and its submit buttons
    (of which a browser sends only the one pressed)."""

    fields: list[list] = field(default_factory=list)
    buttons: list[list] = field(default_factory=list)


class _Page(HTMLParser):
    """What a browser would submit from each <form> on a page; the page's stylesheets and
    scripts; the items of its GOV.UK error summary; and, when `row_label` names a class, the
    text of that element in each formset row (`<div id="form-N-row">`), by the row's prefix."""

    def __init__(self, row_label: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self.assets: list[str] = []
        self.errors: list[str] = []
        self.row_labels: dict[str, str] = {}
        self._row_label = row_label
        self._form: _Form | None = None
        self._textarea: list | None = None
        self._select: dict | None = None
        self._option: list | None = None
        self._in_error_list = False
        self._error: list[str] | None = None
        self._row: str | None = None
        self._label: list | None = None  # [tag, text] while inside a row's label element

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        row = re.fullmatch(r"(.+)-row", a.get("id") or "")
        if row:
            self._row = row.group(1)
        if self._row_label and self._row_label in classes and self._row is not None:
            self._label = [tag, ""]
        if "govuk-error-summary__list" in classes:
            self._in_error_list = True
        elif tag == "li" and self._in_error_list:
            self._error = []
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "icon"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "form":
            self._form = _Form()
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "button" and a.get("name") and (a.get("type") or "submit") == "submit":
            self._form.buttons.append([a["name"], a.get("value", "")])
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind == "submit":
                self._form.buttons.append([a["name"], a.get("value", "")])
                return
            if kind in ("button", "image", "reset", "file"):
                return
            self._form.fields.append(
                [a["name"], a.get("value", "on" if kind == "checkbox" else "")]
            )
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self._form.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
            self._select["options"].append(self._option)

    def handle_data(self, data) -> None:
        if self._label is not None:
            self._label[1] += data
        if self._error is not None:
            self._error.append(data)
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag) -> None:
        if self._label is not None and tag == self._label[0]:
            self.row_labels.setdefault(self._row, self._label[1].strip())
            self._label = None
        if tag == "li" and self._error is not None:
            self.errors.append(" ".join("".join(self._error).split()))
            self._error = None
        elif tag == "ul":
            self._in_error_list = False
        if tag == "textarea" and self._textarea is not None:
            # HTML drops one newline right after <textarea>, which Django's widget writes.
            if self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            options = [(v if v is not None else t, s) for v, t, s in self._select["options"]]
            chosen = [v for v, selected in options if selected]
            if not chosen and not self._select["multiple"] and options:
                chosen = [options[0][0]]
            self._form.fields.extend([self._select["name"], v] for v in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


def _parse(html: str, row_label: str = "") -> _Page:
    parser = _Page(row_label)
    parser.feed(html)
    parser.close()
    return parser


def _form_with(page: _Page, field_name: str) -> _Form:
    for form in page.forms:
        if any(name == field_name for name, _ in form.fields):
            return form
    raise LookupError(f"no form with a field named {field_name!r}")


def _is_stale_refusal(errors: list[str]) -> bool:
    """The page refused the save only because someone else saved the record since it was
    opened: every message in its error summary says so."""
    return bool(errors) and all(any(m in error for m in STALE_REFUSALS) for error in errors)


# --- The simulated people ---------------------------------------------------------------------


def _parameters(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _pick(*templates: str, own: dict[str, str]) -> dict[str, str]:
    """A value for each parameter the URLs name, the same one in each URL: the person's
    own where they have one, else one at random."""
    names = {name for template in templates for name in _parameters(template)}
    return {name: own.get(name) or random.choice(PLAN["parameters"][name]) for name in names}


_think_min, _think_max = PLAN["think_seconds"]


class _Person(FastHttpUser):
    """A simulated person; run_load.py decides how many of each kind (`fixed_count`)."""

    abstract = True
    weight = 0
    wait_time = between(_think_min, _think_max)
    kind = ""
    _numbers: itertools.count

    def on_start(self) -> None:
        self.number = next(self._numbers)
        self.username = f"{PLAN['username_prefix']}-{self.kind}-{self.number:03d}"
        self.own = PLAN["own"].get(self.username, {})
        self.sign_in()

    def sign_in(self) -> None:
        """The real sign-in form: its CSRF token and cookie, then the redirect home."""
        with self.client.get(
            "/accounts/login/", name="sign in form", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"sign-in form answered {response.status_code}")
                raise StopUser
            form = _form_with(_parse(response.text), "username")
        data = [pair for pair in form.fields if pair[0] not in ("username", "password")]
        data += [["username", self.username], ["password", PLAN["password"]], *form.buttons[:1]]
        if self._post("/accounts/login/", data, "sign in", expect="/") != "saved":
            raise StopUser
        home = self._get(Page("home page", "/"), {})
        # A first visit fetches the stylesheet and scripts once; the browser caches them.
        for asset in sorted(set(_parse(home).assets)) if home else []:
            with self.client.get(
                asset, name="static file", allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{asset} answered {response.status_code}")

    def _get(self, page: Page, values: dict[str, str]) -> str | None:
        """Read a page; anything but 200 (a redirect to sign-in too) is an error."""
        with self.client.get(
            page.url.format(**values), name=page.name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"answered {response.status_code} {where}".strip())
                return None
            return response.text

    def _post(self, url: str, data: list, name: str, expect: str) -> str:
        """Submit a form. "saved" is the redirect to `expect`, as a browser would follow;
        "stale" is the form shown again refusing the save only because someone else saved
        the record since it was opened (the portal working as meant, so not a failure);
        anything else is "failed", and a failure of the request."""
        with self.client.post(
            url,
            name=name,
            data=urlencode([(key, value) for key, value in data]),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"{PLAN['host']}{url}",
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            where = urlsplit(response.headers.get("Location") or "").path
            if response.status_code == 302 and where == expect:
                return "saved"
            if response.status_code == 200:
                errors = _parse(response.text).errors
                if _is_stale_refusal(errors):
                    response.success()
                    return "stale"
                reason = "the form came back: " + (" | ".join(errors) or "no error summary")
            else:
                reason = where
            response.failure(f"answered {response.status_code}, {reason}"[:300])
            return "failed"


class Councillor(_Person):
    """A councillor (or officer) reading the dashboards and the strategy."""

    fixed_count = PLAN["people"]["reader"]
    kind = "reader"
    _numbers = itertools.count(1)
    _pages = READ_PAGES
    _weights = [page.weight for page in READ_PAGES]

    @task
    def read_a_page(self) -> None:
        page = random.choices(self._pages, weights=self._weights)[0]
        self._get(page, _pick(page.url, own=self.own))


class _Writer(_Person):
    """Someone who saves the forms of SAVE_FORMS that name their kind in `by`."""

    abstract = True
    _pages_by_url = {page.url: page for page in READ_PAGES}

    def on_start(self) -> None:
        super().on_start()
        self.saves = itertools.count(1)
        self._forms = [form for form in SAVE_FORMS if form.by == self.kind]
        self._weights = [form.weight for form in self._forms]

    @task
    def save_a_form(self) -> None:
        form = random.choices(self._forms, weights=self._weights)[0]
        values = _pick(form.edit, form.record, own=self.own)
        edit_url = form.edit.format(**values)
        html = self._get(Page(f"{form.name} edit form", form.edit), values)
        if html is None:
            return
        page = _parse(html, form.rows)
        if form.rows:
            shown, input_name, record_key = _row_to_save(form, page, edit_url)
        else:
            shown = _form_with(page, form.field)
            input_name, record_key = form.field, values[_parameters(form.record)[0]]
        fields = [list(pair) for pair in shown.fields]
        # Unique in the run: the writer's account name and the number of this save.
        save = f"{self.kind}-{self.number:03d}-{next(self.saves):05d}"
        token = f"[{TOKEN_PREFIX} {PLAN['run_id']} {save}]"
        seen = None
        for pair in fields:
            if pair[0] == input_name:
                match = _TOKEN_AT_END.search(pair[1])
                seen = match.group(0).strip() if match else None
                pair[1] = f"{_TOKEN_AT_END.sub('', pair[1])}\n\n{token}"
        # A browser sends the one button pressed: "Submit for sign-off" or "Save as draft".
        fields += random.sample(shown.buttons, 1) if shown.buttons else []
        record_url = form.record.format(**values)
        outcome = self._post(edit_url, fields, f"{form.name} save", expect=record_url)
        if outcome == "failed":
            return
        line = {
            "form": form.name,
            "key": record_key,
            "token": token,
            "seen": seen,
            "user": self.username,
            "at": time.time(),
        }
        (_acks if outcome == "saved" else _refusals).write(json.dumps(line) + "\n")
        if outcome == "stale":
            return  # the person reads the message; the next task starts afresh
        # Follow the redirect. The entry form's record is the form itself, showing the
        # success message: named as the form, as the server's figures name it.
        same = form.record == form.edit
        record_page = self._pages_by_url.get(form.record) or Page(
            f"{form.name} {'edit form' if same else 'page'}", form.record
        )
        self._get(record_page, values)


def _row_to_save(form: SaveForm, page: _Page, url: str) -> tuple[_Form, str, str]:
    """For a formset: the form, the name of `form.field` in one row that can be saved,
    chosen at random, and the row's label (its record's key)."""
    shown = _form_with(page, "form-TOTAL_FORMS")
    values = dict(shown.fields)
    rows = [
        (prefix, label)
        for prefix, label in page.row_labels.items()
        if f"{prefix}-{form.field}" in values  # not a read-only row
        and (
            not form.row_needs_any
            or any(values.get(f"{prefix}-{need}") for need in form.row_needs_any)
        )
    ]
    if not rows:
        # The preparation gives every writer a row to save; a page without one is a fault.
        raise LookupError(f"{url} has no row this person can save")
    prefix, label = random.choice(rows)
    return shown, f"{prefix}-{form.field}", label


class BoardSecretary(_Writer):
    """A board secretary keeping the groups and the strategy up to date."""

    fixed_count = PLAN["people"]["secretary"]
    kind = "secretary"
    _numbers = itertools.count(1)


class Officer(_Writer):
    """An officer entering the open quarter's figures for the KPIs they own, in one group."""

    fixed_count = PLAN["people"]["officer"]
    kind = "officer"
    _numbers = itertools.count(1)
