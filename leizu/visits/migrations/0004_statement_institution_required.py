import django.db.models.deletion
from django.db import migrations, models


def fill_institution(apps, schema_editor):
    """A statement's institution is its speaker's (every statement so far had a speaker)."""
    Statement = apps.get_model("visits", "Statement")
    Participant = apps.get_model("visits", "Participant")
    speakers = dict(Participant.objects.values_list("pk", "institution_id"))
    for statement in Statement.objects.filter(institution__isnull=True).only("pk", "speaker_id"):
        Statement.objects.filter(pk=statement.pk).update(
            institution_id=speakers[statement.speaker_id]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0004_person_position_code"),
        ("visits", "0003_visit_facts"),
    ]

    operations = [
        migrations.RunPython(fill_institution, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="statement",
            name="institution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="institutions.institution",
                verbose_name="institution",
            ),
        ),
    ]
