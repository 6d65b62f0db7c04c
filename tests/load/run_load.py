"""The load check: the portal in production mode under 50 simulated councillors, officers and
board secretaries.

    .venv/bin/python tests/load/run_load.py [--users 50] [--seconds 60] [--port 8765]

It creates the PostgreSQL database cpboard_load on 127.0.0.1 (dropping it first if present),
migrates it and loads the demo board, adds one account per simulated person, gives the
officers among them KPIs of their own to enter for the quarter being collected, and starts
gunicorn on 127.0.0.1 in production mode, with Redis on 127.0.0.1. Locust then plays the
people for the given time (load_pages.py lists what they read and save), bounded also by a count
of requests, and stops by itself. Last it prints the requests per second, the median and
95th percentile latency overall and per page, the errors, the saves refused because someone
else had saved the record since the form was opened (the portal working as meant), and
whether every save the portal acknowledged is in the record's change history. gunicorn is
stopped and the database dropped at the end whatever happened.

Exit status 0 only when no request failed, the server logged no error, no save was lost, no
refused save was written, and no acknowledged save replaced a change its writer had not seen.
Every request goes to 127.0.0.1.
"""

import argparse
import fcntl
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for load_pages.py
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # for the project, as manage.py

from load_pages import (  # this folder is not a package: see sys.path above
    PER_10,
    READ_PAGES,
    READER_ROLES,
    SAVE_FORMS,
    TOKEN_PREFIX,
    URL_PARAMETERS,
    WRITER_RECORDS,
    WRITER_ROLES,
)

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DATABASE = "cpboard_load"
DATABASE_URL = f"postgres://postgres@{HOST}:5432/{DATABASE}"
REDIS_URL = f"redis://{HOST}:6379/3"
USERNAME_PREFIX = "load"
_TOKEN = re.compile(r"\[" + re.escape(TOKEN_PREFIX) + r" [^\]]*\]")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    # One run at a time on this machine: a second would drop the first one's database.
    lock = (Path(tempfile.gettempdir()) / "cpboard-load.lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit("Another load check is running on this machine.") from None
    _require_free_port(args.port)
    work = Path(tempfile.mkdtemp(prefix="cpboard-load-"))
    base_env = {
        key: value
        for key, value in os.environ.items()
        # Nothing from the caller's shell may point the run at another database or mode.
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "CONN_MAX_AGE"}
    }
    server: subprocess.Popen | None = None
    static_to_remove: Path | None = None
    passed = False
    try:
        _say(f"Database {DATABASE} on {HOST}: created afresh")
        _recreate_database()
        env = _production_env(base_env, work)
        _manage(["migrate", "--noinput"], env)
        # load_demo refuses production mode: its accounts have a published password.
        _manage(["load_demo"], {**env, "DJANGO_DEBUG": "1"})
        plan = _prepare(args, work)
        static_root, static_to_remove = _static_root(work)
        _say(f"Static files: collectstatic into {static_root}")
        _manage(["collectstatic", "--noinput"], env)
        _say(
            f"gunicorn on {plan['host']}: {args.workers} workers x {args.threads} threads, "
            "production mode"
        )
        server = _start_gunicorn(args, env, work)
        _wait_until_healthy(args.port, server, work)
        _say(
            f"Load: {args.users} people ({_people_text(plan)}) for {args.seconds}s, at most "
            f"{args.max_requests} requests"
        )
        plan["load_before"] = os.getloadavg()[0]
        locust_status = _run_locust(args, work)
        plan["load_after"] = os.getloadavg()[0]
        _stop(server)
        server = None
        passed = _report(args, work, plan, locust_status)
    except subprocess.CalledProcessError as error:
        print(f"\nFAILED: {' '.join(map(str, error.cmd))} exited {error.returncode}")
        print(error.stdout or "", error.stderr or "", sep="\n")
    finally:
        if server is not None:
            _stop(server)
        _drop_database()
        if static_to_remove is not None:
            shutil.rmtree(static_to_remove, ignore_errors=True)
        if passed:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"Logs kept in {work} (gunicorn.log, access.log, locust.log, requests.tsv).")
    return 0 if passed else 1


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--seconds", type=int, default=60, help="length of the load (60)")
    parser.add_argument("--port", type=int, default=8765, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--spawn-rate", type=float, default=10, help="people started a second")
    parser.add_argument(
        "--think",
        default="0.5,1.5",
        help="seconds each person pauses between pages, min,max (default 0.5,1.5: far "
        "busier than real councillors, to load the server)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=100_000,
        help="stop the load after this many requests even if time remains",
    )
    # Sized for the project's 2-core machine, which also runs PostgreSQL and locust: a few
    # processes for the CPU, threads to overlap database waits.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args(argv)
    low, _, high = args.think.partition(",")
    args.think_seconds = [float(low), float(high or low)]
    if args.users < 1 or args.seconds < 1 or args.max_requests < 1:
        parser.error("--users, --seconds and --max-requests must be at least 1")
    return args


def _say(message: str) -> None:
    print(f"== {message}", flush=True)


# --- The database ------------------------------------------------------------------------------


def _postgres(*statements: str) -> None:
    import psycopg2

    # Not `with connection`: in psycopg2 that opens a transaction, where DROP DATABASE fails.
    connection = psycopg2.connect(host=HOST, port=5432, user="postgres", dbname="postgres")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def _recreate_database() -> None:
    _postgres(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"')


def _drop_database() -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django may never have been set up; nothing to close then.
        pass
    try:
        _postgres(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        _say(f"Database {DATABASE} dropped")
    except Exception as error:
        print(f"Could not drop {DATABASE}: {error}", file=sys.stderr)


def _production_env(base_env: dict[str, str], work: Path) -> dict[str, str]:
    """The environment of production (docker-compose.yml), pointed at this machine."""
    return {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "cpboard.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SAFEGUARDING_CONTACT_EMAIL": "safeguarding@example.gov.uk",
        "OUT_OF_HOURS_PHONE": "0300 123 4567",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(work / "media"),
        # Read only if the settings take STATIC_ROOT from the environment; see _static_root.
        "STATIC_ROOT": str(work / "static"),
        # The one difference from production, and why: locust speaks plain HTTP to 127.0.0.1,
        # where production sits behind the council's TLS proxy. With these on, every request
        # would be redirected to https:// (which nothing here answers) and the browser-side
        # cookie jar would withhold the Secure session and CSRF cookies over http://, so no
        # one could sign in or save a form.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "PYTHONUNBUFFERED": "1",
    }


def _manage(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _django(work: Path) -> None:
    """Set Django up in this process to read and write cpboard_load directly (debug mode:
    it serves nothing, and needs no secret key)."""
    import django

    os.environ.update(
        DJANGO_SETTINGS_MODULE="cpboard.settings",
        DATABASE_URL=DATABASE_URL,
        DJANGO_DEBUG="1",
        STATIC_ROOT=str(work / "static"),
    )
    os.environ.pop("REDIS_URL", None)
    django.setup()


def _people(users: int) -> dict[str, int]:
    """How many of each kind of person, by PER_10: at least one of each writer kind once
    there are people enough for one of each kind, and readers make up the rest."""
    writers = {kind: per for kind, per in PER_10.items() if kind != "reader"}
    counts = {
        kind: max(int(users * per / 10 + 0.5), 1 if users > len(writers) else 0)
        for kind, per in writers.items()
    }
    return {"reader": users - sum(counts.values()), **counts}


def _people_text(plan: dict) -> str:
    people = plan["people"]
    return (
        f"{people['reader']} reading (councillors and officers), {people['secretary']} saving "
        f"groups and outcomes (board secretaries), {people['officer']} entering the KPI figures "
        "they own (officers)"
    )


def _prepare(args: argparse.Namespace, work: Path) -> dict:
    """Add the simulated people's accounts, give the writers who save only their own records
    records of their own (WRITER_RECORDS), and write the plan the locustfile reads."""
    _django(work)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connections, transaction

    from cpboard import roles

    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # hashed once: hashing 100 times would take a minute
    User = get_user_model()
    people = _people(args.users)

    def add(kind: str, number: int, held: list) -> str:
        user = User.objects.create(
            username=f"{USERNAME_PREFIX}-{kind}-{number:03d}",
            first_name="Load",
            last_name=f"{held[0].name} {number}",
            password=hashed,
        )
        for role in held:
            roles.assign_role(user, role)
        return user.username

    own: dict[str, dict[str, str]] = {}
    with transaction.atomic():
        for kind, role_names in WRITER_ROLES.items():
            held = [getattr(roles, name) for name in role_names]
            names = [add(kind, number, held) for number in range(1, people[kind] + 1)]
            if kind in WRITER_RECORDS and names:
                given = WRITER_RECORDS[kind](names)
                if len(given) < len(names):
                    _say(
                        f"Only {len(given)} of {len(names)} {kind}s can have records of their "
                        "own in the demo data; the others read instead"
                    )
                people["reader"] += len(names) - len(given)
                people[kind] = len(given)
                own.update(given)
        for number in range(1, people["reader"] + 1):
            role = getattr(roles, READER_ROLES[(number - 1) % len(READER_ROLES)])
            add("reader", number, [role])
    parameters = {name: values() for name, values in URL_PARAMETERS.items()}
    empty = [name for name, values in parameters.items() if not values]
    if empty:
        raise SystemExit(f"The demo data has nothing for the parameters {empty}.")
    for username, values in own.items():
        mine = ", ".join(f"{name} {value}" for name, value in values.items())
        _say(f"{username} saves records of its own: {mine}")
    connections.close_all()
    plan = {
        "host": f"http://{HOST}:{args.port}",
        "run_id": secrets.token_hex(4),
        "username_prefix": USERNAME_PREFIX,
        "password": password,
        "parameters": parameters,
        "people": people,
        "own": own,
        "think_seconds": args.think_seconds,
        "max_requests": args.max_requests,
        "requests_file": str(work / "requests.tsv"),
        "acks_file": str(work / "acks.jsonl"),
        "refusals_file": str(work / "refusals.jsonl"),
        "run_file": str(work / "run.json"),
    }
    (work / "plan.json").write_text(json.dumps(plan))
    return plan


def _static_root(work: Path) -> tuple[Path, Path | None]:
    """Where collectstatic writes, and what to remove afterwards.

    Production serves hashed static files from a manifest (whitenoise), so the pages fail
    without collectstatic. settings.STATIC_ROOT is fixed at BASE_DIR/staticfiles unless the
    settings read STATIC_ROOT from the environment, in which case a temporary folder is used.
    """
    from django.conf import settings

    wanted = work / "static"
    if str(settings.STATIC_ROOT) == str(wanted):
        return wanted, None
    fixed = Path(settings.STATIC_ROOT)
    return fixed, (None if fixed.exists() else fixed)


# --- gunicorn and locust -----------------------------------------------------------------------


def _require_free_port(port: int) -> None:
    with socket.socket() as probe:
        # As gunicorn binds: a port left in TIME_WAIT by the last run is free, a listener not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            raise SystemExit(
                f"Port {port} on {HOST} is in use: choose another with --port."
            ) from None


def _start_gunicorn(args: argparse.Namespace, env: dict[str, str], work: Path) -> subprocess.Popen:
    log = (work / "gunicorn.log").open("w")
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "cpboard.wsgi",
            "--bind",
            f"{HOST}:{args.port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--access-logfile",
            str(work / "access.log"),
            # method, path, status, microseconds: the server's own view of each request.
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(D)s",
            # Not the shared ~/.gunicorn/gunicorn.ctl, which another gunicorn may be using.
            "--no-control-socket",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so that stopping it stops its workers
    )


def _wait_until_healthy(port: int, server: subprocess.Popen, work: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{(work / 'gunicorn.log').read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz/", timeout=2) as answer:
                if answer.status == 200 and answer.read() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit("gunicorn did not answer /healthz/ within 60 seconds.")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _run_locust(args: argparse.Namespace, work: Path) -> int:
    plan_file = work / "plan.json"
    with (work / "locust.log").open("w") as log:
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "--locustfile",
                str(HERE / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                json.loads(plan_file.read_text())["host"],
                "--stop-timeout",
                "10",
                "--only-summary",
            ],
            cwd=BASE_DIR,
            env={**os.environ, "CPBOARD_LOAD_PLAN": str(plan_file)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            return locust.wait(timeout=args.seconds + 120)
        except subprocess.TimeoutExpired:
            _stop(locust)
            print("locust overran its time and was stopped.")
            return -1


# --- The figures -------------------------------------------------------------------------------


@dataclass
class Figures:
    times: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, milliseconds: float, error: bool) -> None:
        self.times.append(milliseconds)
        self.errors += error

    def median(self) -> float:
        return statistics.median(self.times) if self.times else 0.0

    def p95(self) -> float:
        if not self.times:
            return 0.0
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _page_order() -> list[str]:
    names = ["sign in form", "sign in", "static file"]
    names += [page.name for page in READ_PAGES]
    for form in SAVE_FORMS:
        names += [f"{form.name} edit form", f"{form.name} save"]
    return names


def _server_names() -> list[tuple[str, re.Pattern]]:
    """Each page's name and a pattern for its paths, to read gunicorn's access log."""

    def pattern(template: str) -> re.Pattern:
        return re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)) + "$")

    found = [("GET", "sign in form", pattern("/accounts/login/"))]
    found += [("POST", "sign in", pattern("/accounts/login/"))]
    found += [("GET", "static file", re.compile("^/static/"))]
    found += [("GET", page.name, pattern(page.url)) for page in READ_PAGES]
    for form in SAVE_FORMS:
        found += [("GET", f"{form.name} edit form", pattern(form.edit))]
        found += [("POST", f"{form.name} save", pattern(form.edit))]
    return [(f"{method} {name}", regex) for method, name, regex in found]


def _server_figures(work: Path) -> tuple[dict[str, Figures], int]:
    figures: dict[str, Figures] = defaultdict(Figures)
    server_errors = 0
    patterns = _server_names()
    log = work / "access.log"
    for line in log.read_text().splitlines() if log.exists() else []:
        method, path, status, micros = [*line.split(), "", "", "", "0"][:4]
        if path == "/healthz/":
            continue
        server_errors += status.startswith("5")
        for key, regex in patterns:
            if key.startswith(method + " ") and regex.match(path):
                figures[key.split(" ", 1)[1]].add(int(micros) / 1000, status.startswith("5"))
                break
    return figures, server_errors


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _saves(plan: dict, work: Path) -> dict:
    """Every acknowledged save against the history tables; refused saves, which must not be
    there; and saves that replaced one the writer had not seen (two people editing the same
    record at once), which the portal now refuses, so none may be acknowledged."""
    from django.apps import apps

    acks = _jsonl(work / "acks.jsonl")
    refusals = _jsonl(work / "refusals.jsonl")
    in_history: dict[str, tuple[str, str, str, str | None]] = {}
    marker = f"[{TOKEN_PREFIX} {plan['run_id']} "
    for form in SAVE_FORMS:
        history = apps.get_model(form.history).history.model
        rows = history.objects.order_by(form.history_key, "history_date", "history_id").values_list(
            form.history_key, form.field, "history_user__username"
        )
        previous: dict[str, str | None] = {}
        for key, value, username in rows:
            key = str(key)
            match = _TOKEN.search(value or "")
            token = match.group(0) if match and marker in match.group(0) else None
            # The first row with a token is its save; a formset saves its other rows again
            # as they were, so a token can recur in later rows.
            if token and token not in in_history:
                in_history[token] = (form.name, key, username or "", previous.get(key))
            previous[key] = token
    lost, wrong_user, unseen_overwrites = [], [], []
    for ack in acks:
        found = in_history.get(ack["token"])
        if found is None or found[:2] != (ack["form"], ack["key"]):
            lost.append(ack)
            continue
        if found[2] != ack["user"]:
            wrong_user.append(ack)
        if found[3] != ack["seen"]:
            unseen_overwrites.append({**ack, "replaced": found[3]})
    acknowledged = {ack["token"] for ack in acks}
    return {
        "acknowledged": len(acks),
        "by_form": Counter(ack["form"] for ack in acks),
        "found": len(acks) - len(lost),
        "lost": lost,
        "wrong_user": wrong_user,
        "refused": Counter(refusal["form"] for refusal in refusals),
        "refused_but_saved": [r for r in refusals if r["token"] in in_history],
        "unacknowledged_in_history": len(
            set(in_history) - acknowledged - {r["token"] for r in refusals}
        ),
        "unseen_overwrites": unseen_overwrites,
    }


def _report(args: argparse.Namespace, work: Path, plan: dict, locust_status: int) -> bool:
    pages: dict[str, Figures] = defaultdict(Figures)
    overall = Figures()
    kinds: Counter = Counter()
    requests_file = work / "requests.tsv"
    lines = requests_file.read_text().splitlines() if requests_file.exists() else []
    requests = []
    for line in lines:
        name, milliseconds, _status, started, error = [*line.split("\t"), "", "", "", ""][:5]
        failed = bool(error)
        requests.append((name, float(milliseconds), float(started), failed))
        pages[name].add(float(milliseconds), failed)
        overall.add(float(milliseconds), failed)
        if failed:
            kinds[f"{name}: {error[:160]}"] += 1
    # Signing in hashes a password (PBKDF2, about a CPU-second here), so the first seconds,
    # while everyone signs in at once, are far slower than the rest; show the rest apart.
    signed_in = max(
        (started + ms / 1000 for name, ms, started, _ in requests if name == "sign in"),
        default=0.0,
    )
    steady = Figures()
    for _, ms, started, failed in requests:
        if started >= signed_in:
            steady.add(ms, failed)
    run_file = work / "run.json"
    run = json.loads(run_file.read_text()) if run_file.exists() else {}
    duration = (run.get("stopped", 0) - run.get("started", 0)) or float(args.seconds)
    server, server_errors = _server_figures(work)
    gunicorn_log = (work / "gunicorn.log").read_text()
    tracebacks = gunicorn_log.count("Traceback (most recent call last)")
    timeouts = gunicorn_log.count("WORKER TIMEOUT")
    saves = _saves(plan, work)

    print()
    print(
        f"{args.users} people ({_people_text(plan)}), {duration:.1f}s, gunicorn "
        f"{args.workers}x{args.threads} gthread, think "
        f"{args.think_seconds[0]:g}-{args.think_seconds[1]:g}s"
    )
    print(
        f"Machine load average (1 min, {os.cpu_count()} CPUs) before: "
        f"{plan['load_before']:.1f}, after: {plan['load_after']:.1f}; the load generator, "
        "gunicorn and PostgreSQL share these CPUs, so anything else running skews the figures."
    )
    if run.get("stopped_at_max_requests"):
        print(f"Stopped early at the bound of {args.max_requests} requests.")
    # "stale": saves refused because someone else saved the record since the form was opened.
    stale = {f"{form} save": count for form, count in saves["refused"].items()}
    heading = (
        f"{'page':<24}{'requests':>9}{'errors':>7}{'stale':>6}{'req/s':>8}{'median ms':>11}"
        f"{'p95 ms':>9}{'server median':>15}{'server p95':>12}"
    )
    print(heading)
    print("-" * len(heading))
    order = _page_order()
    names = sorted(pages, key=lambda n: (order.index(n) if n in order else len(order), n))
    for name in [*names, "total"]:
        figures = overall if name == "total" else pages[name]
        on_server = server.get(name, Figures())
        if name == "total":
            print("-" * len(heading))
            on_server = Figures([t for f in server.values() for t in f.times])
        refused = sum(stale.values()) if name == "total" else stale.get(name, 0)
        print(
            f"{name:<24}{len(figures.times):>9}{figures.errors:>7}{refused:>6}"
            f"{len(figures.times) / duration:>8.1f}{figures.median():>11.0f}{figures.p95():>9.0f}"
            f"{on_server.median():>15.0f}{on_server.p95():>12.0f}"
        )
    print()
    print(f"total requests: {len(overall.times)}")
    print(f"requests per second: {len(overall.times) / duration:.1f}")
    print(f"median latency: {overall.median():.0f} ms; 95th percentile: {overall.p95():.0f} ms")
    steady_seconds = run.get("stopped", 0) - signed_in
    if steady.times and steady_seconds > 0:
        print(
            f"after the last sign-in ({signed_in - run.get('started', signed_in):.0f}s in): "
            f"{len(steady.times)} requests, {len(steady.times) / steady_seconds:.1f} per second, "
            f"median {steady.median():.0f} ms, 95th percentile {steady.p95():.0f} ms"
        )
    locust_log = (work / "locust.log").read_text() if (work / "locust.log").exists() else ""
    if "CPU usage" in locust_log:
        print("locust warned that its own CPU use was too high: latencies include its waiting.")
    print(
        f"errors: {overall.errors} (server: {server_errors} answers 5xx, {tracebacks} "
        f"tracebacks, {timeouts} worker timeouts in gunicorn's log)"
    )
    for kind, count in kinds.most_common(10):
        print(f"  {count} x {kind}")
    user_errors = run.get("user_errors", 0)
    if user_errors:
        print(f"  and {user_errors} failures in the simulated people's code (see locust.log):")
        for kind, count in sorted(run["user_error_kinds"].items(), key=lambda kv: -kv[1])[:5]:
            print(f"  {count} x {kind}")
    per_form = ", ".join(f"{form} {count}" for form, count in saves["by_form"].items())
    print(
        f"saves acknowledged: {saves['acknowledged']} ({per_form or 'none'}), found in history: "
        f"{saves['found']}, lost: {len(saves['lost'])}"
    )
    for ack in saves["lost"][:10]:
        print(f"  lost: {ack}")
    if saves["wrong_user"]:
        print(f"  {len(saves['wrong_user'])} saves are in history under another user")
    if saves["unacknowledged_in_history"]:
        print(
            f"  {saves['unacknowledged_in_history']} saves are in history but the client got "
            "no success answer"
        )
    refused = ", ".join(f"{form} {count}" for form, count in saves["refused"].items())
    print(
        f"refused (stale), shown to the person: {sum(saves['refused'].values())}"
        f"{f' ({refused})' if refused else ''}; someone else had saved the record after the "
        "form was opened: neither an error nor an acknowledged save"
    )
    for refusal in saves["refused_but_saved"][:10]:
        print(f"  refused, yet in history: {refusal}")
    print(
        f"acknowledged saves that replaced a save the writer had not seen: "
        f"{len(saves['unseen_overwrites'])} (the portal should have refused them as stale)"
    )
    for ack in saves["unseen_overwrites"][:10]:
        print(f"  overwrote unseen: {ack}")

    problems = []
    if locust_status not in (0, 1):
        problems.append(f"locust exited {locust_status} (see locust.log)")
    if not overall.times:
        problems.append("no requests were made")
    if overall.errors or server_errors or tracebacks or timeouts or user_errors:
        problems.append("requests failed")
    if saves["lost"] or saves["wrong_user"]:
        problems.append("saves were lost")
    if saves["refused_but_saved"]:
        problems.append("saves refused as stale were written all the same")
    if saves["unseen_overwrites"]:
        problems.append("saves overwrote changes their writers had not seen")
    if not saves["acknowledged"]:
        problems.append("no save was acknowledged, so nothing was checked")
    print("PASSED" if not problems else f"FAILED: {'; '.join(problems)}")
    return not problems


if __name__ == "__main__":
    sys.exit(main())
