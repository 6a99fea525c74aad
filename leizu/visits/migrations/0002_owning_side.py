import django.db.models.deletion
from django.db import migrations, models


def set_organiser(apps, schema_editor):
    """Incoming visits are kept by their host; outgoing ones by the travelling host college."""
    Visit = apps.get_model("visits", "Visit")
    VisitParty = apps.get_model("visits", "VisitParty")
    for visit in Visit.objects.all().iterator():
        organiser_id = visit.host_id
        if visit.direction == "outgoing":
            guest = (
                VisitParty.objects.filter(visit=visit, side="guest", institution__is_host=True)
                .order_by("order", "id")
                .first()
            )
            if guest is not None:
                organiser_id = guest.institution_id
        Visit.objects.filter(pk=visit.pk).update(organiser_id=organiser_id)


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0001_initial"),
        ("visits", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="organiser",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organised_visits",
                to="institutions.institution",
                verbose_name="organising institution",
            ),
        ),
        migrations.RunPython(set_organiser, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="visit",
            name="organiser",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organised_visits",
                to="institutions.institution",
                verbose_name="organising institution",
            ),
        ),
        migrations.AddField(
            model_name="followupaction",
            name="internal",
            field=models.BooleanField(
                default=False,
                help_text="Seen only by the organising institution, not by the other parties.",
                verbose_name="internal",
            ),
        ),
    ]
