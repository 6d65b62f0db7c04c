"""The simulated people of the load check, for locust; run_load.py starts it and reads its files.

Councillors and officers sign in through the real form, then read the pages in
load_pages.READ_PAGES. Board secretaries sign in and save the forms in load_pages.SAVE_FORMS
as a browser would: load the form, keep every field as shown, write a unique token into one
field, post it, and follow the redirect to the record. Every save answered with that
redirect is written at once to the acknowledgements file, which run_load.py checks against
the database's change history.

Only run_load.py should start this file: it prepares the accounts and writes the plan that
CPBOARD_LOAD_PLAN names (host, accounts, placeholder values, where to write). The host is
checked to be loopback so that no run can send load anywhere else.
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
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import (  # this folder is not a package: see sys.path above
    READ_PAGES,
    READERS_PER_5,
    SAVE_FORMS,
    TOKEN_PREFIX,
    WRITERS_PER_5,
    Page,
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


# Line-buffered: an acknowledged save is on disk before the next request.
_acks = Path(PLAN["acks_file"]).open("a", buffering=1)  # noqa: SIM115


# --- Reading the portal's HTML forms ---------------------------------------------------------


class _Forms(HTMLParser):
    """The fields of each <form> on a page, with the values a browser would submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[list]] = []  # each form: [name, value] pairs
        self.assets: list[str] = []
        self._form: list[list] | None = None
        self._textarea: list | None = None
        self._select: dict | None = None
        self._option: list | None = None

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "icon"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("button", "image", "reset", "file"):
                return
            self._form.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self._form.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
            self._select["options"].append(self._option)

    def handle_data(self, data) -> None:
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag) -> None:
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
            self._form.extend([self._select["name"], v] for v in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


def _parse(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    parser.close()
    return parser


def _form_with(html: str, field: str) -> list[list]:
    for form in _parse(html).forms:
        if any(name == field for name, _ in form):
            return form
    raise LookupError(f"no form with a field named {field!r}")


# --- The simulated people ---------------------------------------------------------------------


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _pick(*templates: str) -> dict[str, str]:
    """A random value for each placeholder the URLs name, the same one in each URL."""
    names = {name for template in templates for name in _placeholders(template)}
    return {name: random.choice(PLAN["placeholders"][name]) for name in names}


_think_min, _think_max = PLAN["think_seconds"]


class _Person(FastHttpUser):
    abstract = True
    wait_time = between(_think_min, _think_max)
    role = ""
    _numbers: itertools.count

    def on_start(self) -> None:
        self.number = next(self._numbers)
        self.username = f"{PLAN['username_prefix']}-{self.role}-{self.number:03d}"
        self.sign_in()

    def sign_in(self) -> None:
        """The real sign-in form: its CSRF token and cookie, then the redirect home."""
        with self.client.get(
            "/accounts/login/", name="sign in form", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"sign-in form answered {response.status_code}")
                raise StopUser
            form = _form_with(response.text, "username")
        data = [pair for pair in form if pair[0] not in ("username", "password")]
        data += [["username", self.username], ["password", PLAN["password"]]]
        if not self._post("/accounts/login/", data, "sign in", expect="/"):
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

    def _post(self, url: str, data: list, name: str, expect: str) -> bool:
        """Submit a form; success is the redirect to `expect`, as a browser would follow."""
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
                return True
            reason = "the form came back (invalid?)" if response.status_code == 200 else where
            response.failure(f"answered {response.status_code}, {reason}")
            return False


class Councillor(_Person):
    """A councillor (or officer) reading the dashboards and the strategy."""

    weight = READERS_PER_5  # the share of each kind of person: 4 councillors to 1 secretary
    role = "reader"
    _numbers = itertools.count(1)
    _pages = READ_PAGES
    _weights = [page.weight for page in READ_PAGES]

    @task
    def read_a_page(self) -> None:
        page = random.choices(self._pages, weights=self._weights)[0]
        self._get(page, _pick(page.url))


class BoardSecretary(_Person):
    """A board secretary keeping the groups and the strategy up to date."""

    weight = WRITERS_PER_5
    role = "writer"
    _numbers = itertools.count(1)
    _forms = SAVE_FORMS
    _weights = [form.weight for form in SAVE_FORMS]
    _pages_by_url = {page.url: page for page in READ_PAGES}

    def on_start(self) -> None:
        super().on_start()
        self.saves = itertools.count(1)

    @task
    def save_a_form(self) -> None:
        form = random.choices(self._forms, weights=self._weights)[0]
        values = _pick(form.edit, form.record)
        edit_url = form.edit.format(**values)
        record_page = self._pages_by_url.get(form.record, Page(f"{form.name} page", form.record))
        html = self._get(Page(f"{form.name} edit form", form.edit), values)
        if html is None:
            return
        input_name = form.input_name or form.field
        fields = _form_with(html, input_name)
        token = f"[{TOKEN_PREFIX} {PLAN['run_id']} {self.number:03d}-{next(self.saves):05d}]"
        seen = None
        for pair in fields:
            if pair[0] == input_name:
                match = _TOKEN_AT_END.search(pair[1])
                seen = match.group(0).strip() if match else None
                pair[1] = f"{_TOKEN_AT_END.sub('', pair[1])}\n\n{token}"
        record_url = form.record.format(**values)
        if not self._post(edit_url, fields, f"{form.name} save", expect=record_url):
            return
        record_key = values[_placeholders(form.record)[0]]
        _acks.write(
            json.dumps(
                {
                    "form": form.name,
                    "key": record_key,
                    "token": token,
                    "seen": seen,
                    "user": self.username,
                    "at": time.time(),
                }
            )
            + "\n"
        )
        self._get(record_page, values)
