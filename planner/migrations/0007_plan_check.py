"""The plan self-check's acknowledged findings, and their history."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("planner", "0006_merge_bases"),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalCheckAcknowledgement',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('rule', models.CharField(max_length=60, verbose_name='finding')),
                ('reason', models.TextField(max_length=1000, verbose_name='reason')),
                ('acknowledged_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='acknowledged')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('acknowledged_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='planner.initiativeplan')),
            ],
            options={
                'verbose_name': 'historical acknowledged finding',
                'verbose_name_plural': 'historical acknowledged findings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='CheckAcknowledgement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rule', models.CharField(max_length=60, verbose_name='finding')),
                ('reason', models.TextField(max_length=1000, verbose_name='reason')),
                ('acknowledged_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='acknowledged')),
                ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='acknowledgements', to='planner.initiativeplan')),
            ],
            options={
                'verbose_name': 'acknowledged finding',
                'verbose_name_plural': 'acknowledged findings',
                'ordering': ['plan', 'rule'],
                'constraints': [models.UniqueConstraint(fields=('plan', 'rule'), name='one_acknowledgement_per_finding')],
            },
        ),
    ]
