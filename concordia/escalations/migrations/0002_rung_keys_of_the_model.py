from django.db import migrations, models

# The coordinators' rung takes the model's own key (as the handbook's ladder names it). Journal
# entries written before keep the old word: the journal is never rewritten.


def forwards(apps, schema_editor):
    for model in ("Bottleneck", "RungStep"):
        apps.get_model("escalations", model).objects.filter(rung="coordinators").update(
            rung="coordinator")


def backwards(apps, schema_editor):
    for model in ("Bottleneck", "RungStep"):
        apps.get_model("escalations", model).objects.filter(rung="coordinator").update(
            rung="coordinators")


class Migration(migrations.Migration):

    dependencies = [
        ('escalations', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name='bottleneck',
            name='rung',
            field=models.CharField(choices=[('horizontal', 'horizontal attempt'), ('coordinator', 'alliance coordinators'), ('key_alliance_manager', 'key alliance manager'), ('board', 'alliance board'), ('top', 'top rung')], default='horizontal', max_length=24, verbose_name='rung'),
        ),
        migrations.AlterField(
            model_name='rungstep',
            name='rung',
            field=models.CharField(choices=[('horizontal', 'horizontal attempt'), ('coordinator', 'alliance coordinators'), ('key_alliance_manager', 'key alliance manager'), ('board', 'alliance board'), ('top', 'top rung')], max_length=24, verbose_name='rung'),
        ),
    ]
