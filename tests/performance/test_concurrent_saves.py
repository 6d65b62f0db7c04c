"""Two people saving the same figure at the same moment on the SQLite demo database: the
second is told someone else changed it (as on PostgreSQL), never a "database is locked" error.

The race needs a database file that two connections share, so it runs in a fresh process on
a SQLite file configured exactly as the portal configures one from DATABASE_URL."""

import json
import textwrap

from tests.cpboard.test_settings import run_django

RACE = textwrap.dedent(
    """
    import json, threading, time
    from decimal import Decimal
    from django.apps import apps
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import OperationalError, connection, transaction
    from cpboard import roles
    from cpboard.quarters import FinancialQuarter
    from performance import services
    from performance.models import Kpi, Measurement
    from tests.factories import SubgroupFactory, UserFactory

    # The tables as the models define them (makemigrations --check keeps the migrations the
    # same) and what follows a migrate (content types, permissions), made at once: running
    # every migration took most of the test's time, and the race needs only the tables.
    with connection.schema_editor() as editor:
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy and not model._meta.swapped:
                editor.create_model(model)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    quarter = FinancialQuarter.current().previous()
    kpi = Kpi.objects.create(
        code="CLA-STABLE", title="Placement stability", definition="What is counted.",
        definition_year=2023, unit="count", polarity="higher", subgroup=SubgroupFactory(),
    )
    first, second = UserFactory(role=roles.OFFICER), UserFactory(role=roles.OFFICER)
    [draft] = services.measurements_save(
        quarter=quarter, figures=[services.FigureInput(kpi=kpi, value=Decimal(10))], user=first
    )
    opened = draft.version  # both people opened the page at this version
    connection.close()

    first_has_read = threading.Event()
    outcomes = {}

    def save(name, user, value):
        try:
            with transaction.atomic():
                # Each request reads the figure before it writes, as measurements_save does
                # between reading the quarter's figures and claiming the version; the first
                # pauses there so that the second arrives while its transaction is open.
                Measurement.objects.get(pk=draft.pk)
                if name == "first":
                    first_has_read.set()
                    time.sleep(0.5)
                services.measurements_save(
                    quarter=quarter,
                    figures=[services.FigureInput(kpi=kpi, value=Decimal(value), version=opened)],
                    user=user,
                )
            outcomes[name] = "saved"
        except services.FigureErrors as refused:
            outcomes[name] = "refused: " + refused.errors[0].message
        except OperationalError as error:
            outcomes[name] = f"OperationalError: {error}"
        finally:
            connection.close()

    people = [threading.Thread(target=save, args=("first", first, 11))]
    people.append(threading.Thread(target=save, args=("second", second, 12)))
    people[0].start()
    first_has_read.wait(10)
    people[1].start()
    for person in people:
        person.join(60)
    outcomes["stored"] = str(Measurement.objects.get(pk=draft.pk).value)
    print(json.dumps(outcomes))
    """
)


def test_two_people_saving_one_figure_at_once_on_sqlite_get_a_save_and_a_stale_refusal(
    tmp_path,
):
    database = tmp_path / "race.sqlite3"

    result = run_django(f"exec({RACE!r})", DATABASE_URL=f"sqlite:///{database}")

    assert result.returncode == 0, result.stderr
    outcomes = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcomes["first"] == "saved", outcomes
    assert outcomes["second"].startswith("refused: "), outcomes
    assert "changed this figure after you opened the page" in outcomes["second"]
    assert outcomes["stored"] == "11.00"


def test_the_demo_database_without_database_url_is_set_up_like_the_tested_one(tmp_path):
    show = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS'), sort_keys=True))"
    )

    demo = run_django(show)
    tested = run_django(show, DATABASE_URL=f"sqlite:///{tmp_path / 'race.sqlite3'}")

    assert demo.returncode == 0, demo.stderr
    assert demo.stdout == tested.stdout
    assert json.loads(demo.stdout)["transaction_mode"] == "IMMEDIATE"
