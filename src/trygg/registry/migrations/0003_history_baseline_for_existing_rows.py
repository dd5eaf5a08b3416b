"""Give every registry row that existed before history was switched on one
"created" history row, so its first recorded change can show old → new."""

from django.db import migrations

from trygg.shared.history import write_baseline

TRACKED = [
    ("Organisation", ()), ("Site", ()), ("Point", ("sites",)), ("Plan", ()), ("PlanFunction", ()),
    ("StaffNeed", ()), ("PlanEquipment", ()), ("Agreement", ("parties", "points")), ("Routine", ()),
    ("Exercise", ("points", "participants")),
]


def baseline(apps, schema_editor):
    for model_name, m2m_names in TRACKED:
        write_baseline(apps, "registry", model_name, m2m_names)


class Migration(migrations.Migration):

    dependencies = [("registry", "0002_history_of_registry_records")]

    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
