"""Versions in force and proposals (docs/decisions/0011-in-force-and-proposals.md).

Existing data: every version that all required partners (active owner and core partners)
endorse is marked in force since its last such endorsement; the newest unendorsed version after
the one in force is the proposal, and older unendorsed ones after it are marked withdrawn
(replaced). An agreed glossary definition becomes version 1 of that term's definition, in force
since it was recorded, by whoever recorded it (from the journal)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


REQUIRED_TYPES = ("owner", "core")


def forwards(apps, schema_editor):
    StatementVersion = apps.get_model("design", "StatementVersion")
    Endorsement = apps.get_model("design", "Endorsement")
    Partner = apps.get_model("alliances", "Partner")
    GlossaryTerm = apps.get_model("design", "GlossaryTerm")
    JournalEntry = apps.get_model("journal", "JournalEntry")
    groups = {}
    for version in StatementVersion.objects.filter(term__isnull=True).order_by("number"):
        groups.setdefault((version.alliance_id, version.kind), []).append(version)
    for (alliance_id, _kind), versions in groups.items():
        required = set(Partner.objects.filter(
            alliance_id=alliance_id, status="active",
            partner_type__in=REQUIRED_TYPES).values_list("pk", flat=True))
        in_force = None
        for version in versions:
            live = {e.partner_id: e.endorsed_at for e in Endorsement.objects.filter(
                version=version, withdrawn_at__isnull=True)}
            if required and required <= set(live):
                version.in_force_since = max(live[p] for p in required)
                version.save(update_fields=["in_force_since"])
                in_force = version
        later = [v for v in versions if in_force is None or v.number > in_force.number]
        for version, successor in zip(later, later[1:]):
            version.withdrawn_at = successor.created_at
            version.withdrawn_by_id = successor.created_by_id
            version.save(update_fields=["withdrawn_at", "withdrawn_by"])
    for term in GlossaryTerm.objects.exclude(agreed_definition=""):
        entry = (JournalEntry.objects.filter(alliance_id=term.alliance_id, kind="TermAgreed",
                                             subject_id=str(term.pk), actor__isnull=False)
                 .order_by("-seq").first())
        if entry is None:
            continue  # no author known: the agreed text stays, without a history
        StatementVersion.objects.create(
            alliance_id=term.alliance_id, kind="definition", term=term, number=1,
            text=term.agreed_definition, created_by_id=entry.actor_id,
            in_force_since=term.agreed_at or entry.recorded_at)


class Migration(migrations.Migration):

    dependencies = [
        ('alliances', '0004_one_key_alliance_manager'),
        ('design', '0006_stage_rated_per_partner'),
        ('journal', '0005_head_and_replace_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='VersionRemark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('objection', 'objection'), ('comment', 'comment')], max_length=10)),
                ('text', models.TextField(max_length=2000, verbose_name='text')),
                ('written_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['version', 'written_at', 'pk'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='statementversion',
            name='statement_version_number',
        ),
        migrations.AddField(
            model_name='statementversion',
            name='in_force_since',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='statementversion',
            name='term',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='definition_versions', to='design.glossaryterm'),
        ),
        migrations.AddField(
            model_name='statementversion',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='statementversion',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='statementversion',
            name='kind',
            field=models.CharField(choices=[('objective', 'objective'), ('values', 'values statement'), ('definition', 'agreed definition')], max_length=10),
        ),
        migrations.AddConstraint(
            model_name='statementversion',
            constraint=models.UniqueConstraint(condition=models.Q(('term__isnull', True)), fields=('alliance', 'kind', 'number'), name='statement_version_number'),
        ),
        migrations.AddConstraint(
            model_name='statementversion',
            constraint=models.UniqueConstraint(condition=models.Q(('term__isnull', False)), fields=('term', 'number'), name='definition_version_number'),
        ),
        migrations.AddConstraint(
            model_name='statementversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'definition'), ('term__isnull', False)), models.Q(models.Q(('kind', 'definition'), _negated=True), ('term__isnull', True)), _connector='OR'), name='definition_version_has_term'),
        ),
        migrations.AddField(
            model_name='versionremark',
            name='partner',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='alliances.partner'),
        ),
        migrations.AddField(
            model_name='versionremark',
            name='version',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='remarks', to='design.statementversion'),
        ),
        migrations.AddField(
            model_name='versionremark',
            name='written_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
