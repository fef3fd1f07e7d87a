from django.db import migrations, models


def fill_skeletons(apps, schema_editor):
    """Existing names get their skeleton. Should two already look alike, the later one gets a
    suffix so the constraint can be added; renaming it gives it its plain skeleton."""
    from concordia.core.name_rules import name_skeleton

    Organisation = apps.get_model("organisations", "Organisation")
    taken: set[str] = set()
    for organisation in Organisation.objects.order_by("pk"):
        skeleton = name_skeleton(organisation.name)
        if skeleton in taken:
            skeleton = f"{skeleton}#{organisation.pk}"
        taken.add(skeleton)
        organisation.name_skeleton = skeleton
        organisation.save(update_fields=["name_skeleton"])


class Migration(migrations.Migration):

    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="name_skeleton",
            field=models.CharField(default="", editable=False, max_length=400),
            preserve_default=False,
        ),
        migrations.RunPython(fill_skeletons, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="name_skeleton",
            field=models.CharField(editable=False, max_length=400, unique=True),
        ),
    ]
