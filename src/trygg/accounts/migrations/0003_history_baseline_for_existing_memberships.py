"""Give every membership that existed before history was switched on one
"created" history row, so its first recorded change can show old → new."""

from django.db import migrations

from trygg.shared.history import write_baseline


def baseline(apps, schema_editor):
    write_baseline(apps, "accounts", "Membership", ("points",))


class Migration(migrations.Migration):

    dependencies = [("accounts", "0002_history_of_memberships")]

    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
