"""Load China's 2021 vocational programme catalogue (46 and 48) from ``reference/``."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from leizu.programmes.catalogues import load_shipped

    load_shipped(apps.get_model("programmes", "Catalogue"), apps.get_model("programmes", "CatalogueEntry"))


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
