"""The building blocks moved to the blocks app (its 0001): design forgets the two models, the
database keeps their tables and rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('design', '0003_resistance_labels'),
        ('blocks', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='BlockSetting'),
                migrations.DeleteModel(name='ContributionAdjustment'),
            ],
        ),
    ]
