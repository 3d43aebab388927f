import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("planner", "0006_merge_bases"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoggedActivity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held_on", models.DateField(verbose_name="held on")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("discussion", "Discussion"),
                            ("dialogue_group", "Dialogue group"),
                            ("training", "Training"),
                            ("peer_education", "Peer education"),
                            ("sports", "Sports"),
                            ("online", "Online session"),
                            ("media_campaign", "Media campaign"),
                            ("social_media_campaign", "Social media campaign"),
                            ("community_event", "Community event"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="kind of activity",
                    ),
                ),
                ("place", models.CharField(blank=True, max_length=200, verbose_name="place")),
                (
                    "participants_under_15",
                    models.PositiveIntegerField(default=0, verbose_name="participants under 15"),
                ),
                (
                    "participants_15_17",
                    models.PositiveIntegerField(default=0, verbose_name="participants aged 15–17"),
                ),
                (
                    "participants_18_24",
                    models.PositiveIntegerField(default=0, verbose_name="participants aged 18–24"),
                ),
                (
                    "participants_25_35",
                    models.PositiveIntegerField(default=0, verbose_name="participants aged 25–35"),
                ),
                (
                    "participants_over_35",
                    models.PositiveIntegerField(default=0, verbose_name="participants over 35"),
                ),
                (
                    "what_worked",
                    models.TextField(blank=True, max_length=5000, verbose_name="what worked"),
                ),
                (
                    "resistance_reasons",
                    models.JSONField(blank=True, default=list, verbose_name="resistance met"),
                ),
                (
                    "referrals_made",
                    models.PositiveIntegerField(default=0, verbose_name="referrals made"),
                ),
                (
                    "reflection",
                    models.TextField(blank=True, max_length=5000, verbose_name="reflection"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("version", models.PositiveIntegerField(default=0, verbose_name="version")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="logged_activities",
                        to="planner.initiativeplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "logged activity",
                "verbose_name_plural": "logged activities",
                "ordering": ["-held_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="Reflection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("written_on", models.DateField(verbose_name="written on")),
                ("answers", models.JSONField(blank=True, default=dict, verbose_name="answers")),
                (
                    "notes",
                    models.TextField(
                        blank=True, max_length=5000, verbose_name="what we take from it"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reflections",
                        to="planner.initiativeplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "reflection",
                "verbose_name_plural": "reflections",
                "ordering": ["-written_on", "-pk"],
            },
        ),
    ]
