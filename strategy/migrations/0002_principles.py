"""Load the seven corporate parenting principles: statutory text every installation needs."""

from django.db import migrations

from strategy.principles import PRINCIPLES


def load_principles(apps, schema_editor):
    Principle = apps.get_model("strategy", "Principle")
    for number, title, wording, plain_english in PRINCIPLES:
        Principle.objects.update_or_create(
            number=number,
            defaults={"title": title, "wording": wording, "plain_english": plain_english},
        )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(load_principles, migrations.RunPython.noop)]
