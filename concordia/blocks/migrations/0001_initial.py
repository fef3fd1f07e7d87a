"""The building blocks move from the design app: the models join this app's state while their
tables (design_blocksetting, design_contributionadjustment) stay as they are, rows included.
Nothing is created in the database; design's 0004 removes the models from its own state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Existing content types follow their model, so nothing keyed on them is orphaned."""
    content_type = apps.get_model('contenttypes', 'ContentType')
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in ('blocksetting', 'contributionadjustment'):
        if not rows.filter(app_label='blocks', model=model).exists():
            rows.filter(app_label='design', model=model).update(app_label='blocks')


def return_content_types(apps, schema_editor):
    content_type = apps.get_model('contenttypes', 'ContentType')
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in ('blocksetting', 'contributionadjustment'):
        if not rows.filter(app_label='design', model=model).exists():
            rows.filter(app_label='blocks', model=model).update(app_label='design')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('alliances', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
        ('design', '0003_resistance_labels'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='BlockSetting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('block', models.CharField(choices=[('board', 'board'), ('key_alliance_manager', 'key_alliance_manager'), ('line_managers', 'line_managers'), ('coordinator', 'coordinator'), ('agency', 'agency'), ('decision_model', 'decision_model'), ('meeting_structure', 'meeting_structure'), ('reporting', 'reporting'), ('information_infrastructure', 'information_infrastructure'), ('financing', 'financing'), ('autonomous_professional', 'autonomous_professional'), ('coaching_manager', 'coaching_manager'), ('soft_skills', 'soft_skills'), ('learning_circle', 'learning_circle'), ('alliance_map', 'alliance_map'), ('annual_plan', 'annual_plan'), ('conference', 'conference'), ('annual_evaluation', 'annual_evaluation')], max_length=40)),
                        ('status', models.CharField(choices=[('in_place', 'in place'), ('being_built', 'being built'), ('planned', 'planned'), ('not_used', 'deliberately not used'), ('undecided', 'not yet decided')], default='undecided', max_length=12, verbose_name='status')),
                        ('description', models.TextField(blank=True, max_length=4000, verbose_name='how it is done here')),
                        ('evidence_url', models.URLField(blank=True, verbose_name='evidence (link)')),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='block_settings', to='alliances.alliance')),
                        ('owner_partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.partner', verbose_name='owner partner')),
                        ('owner_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner person')),
                    ],
                    options={
                        'db_table': 'design_blocksetting',
                        'ordering': ['alliance', 'block'],
                        'constraints': [models.UniqueConstraint(fields=('alliance', 'block'), name='block_once_per_alliance')],
                    },
                ),
                migrations.CreateModel(
                    name='ContributionAdjustment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('block', models.CharField(choices=[('board', 'board'), ('key_alliance_manager', 'key_alliance_manager'), ('line_managers', 'line_managers'), ('coordinator', 'coordinator'), ('agency', 'agency'), ('decision_model', 'decision_model'), ('meeting_structure', 'meeting_structure'), ('reporting', 'reporting'), ('information_infrastructure', 'information_infrastructure'), ('financing', 'financing'), ('autonomous_professional', 'autonomous_professional'), ('coaching_manager', 'coaching_manager'), ('soft_skills', 'soft_skills'), ('learning_circle', 'learning_circle'), ('alliance_map', 'alliance_map'), ('annual_plan', 'annual_plan'), ('conference', 'conference'), ('annual_evaluation', 'annual_evaluation')], max_length=40)),
                        ('pillar', models.CharField(choices=[('mindset', 'mindset'), ('playing_field', 'playing_field'), ('trust', 'trust'), ('dialogue', 'dialogue'), ('structure', 'structure'), ('transparency', 'transparency'), ('knowledge', 'knowledge'), ('objective', 'objective')], max_length=20)),
                        ('strength', models.CharField(choices=[('dominant', 'dominant'), ('secondary', 'secondary'), ('none', 'none')], max_length=10)),
                        ('reason', models.TextField(max_length=2000, verbose_name='reason')),
                        ('changed_at', models.DateTimeField(auto_now=True)),
                        ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contribution_adjustments', to='alliances.alliance')),
                        ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'design_contributionadjustment',
                        'constraints': [models.UniqueConstraint(fields=('alliance', 'block', 'pillar'), name='adjustment_once_per_cell')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
