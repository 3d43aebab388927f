import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import planner.models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("planner", "0006_merge_bases"),
    ]

    operations = [
        migrations.CreateModel(
            name="Review",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "assessment",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("on_track", "On track"),
                            ("concerns", "Concerns"),
                            ("serious_concerns", "Serious concerns"),
                        ],
                        max_length=20,
                        verbose_name="overall assessment",
                    ),
                ),
                (
                    "overall",
                    models.TextField(blank=True, max_length=5000, verbose_name="overall comment"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="submitted"),
                ),
            ],
            options={
                "verbose_name": "review",
                "verbose_name_plural": "reviews",
                "ordering": ["-submitted_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ReviewComment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("research", "Research target groups"),
                            ("stakeholders", "Identify stakeholders and allies"),
                            ("entry_points", "Identify relevant topics and entry points"),
                            ("strategy", "Develop a strategic approach"),
                            ("funding", "Secure funding and resources"),
                            ("challenges", "Planning for challenges"),
                        ],
                        max_length=20,
                        verbose_name="step",
                    ),
                ),
                ("field_name", models.CharField(blank=True, max_length=50, verbose_name="field")),
                ("text", models.TextField(max_length=5000, verbose_name="comment")),
                (
                    "resolved_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="resolved"),
                ),
                (
                    "resolution",
                    models.TextField(blank=True, max_length=5000, verbose_name="what we changed"),
                ),
                (
                    "resolved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "review",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="planner.review",
                    ),
                ),
            ],
            options={
                "verbose_name": "review comment",
                "verbose_name_plural": "review comments",
                "ordering": ["review", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ReviewReply",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=5000, verbose_name="reply")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="replied")),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="replies",
                        to="planner.reviewcomment",
                    ),
                ),
            ],
            options={
                "verbose_name": "reply to a review comment",
                "verbose_name_plural": "replies to review comments",
                "ordering": ["comment", "created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ReviewRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("organisation", models.CharField(max_length=200, verbose_name="organisation")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                (
                    "token",
                    models.CharField(
                        default=planner.models.new_token, editable=False, max_length=64, unique=True
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("expires_at", models.DateTimeField(verbose_name="expires")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                (
                    "created_by",
                    models.ForeignKey(
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
                        related_name="review_requests",
                        to="planner.initiativeplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "review request",
                "verbose_name_plural": "review requests",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="review",
            name="request",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review",
                to="planner.reviewrequest",
            ),
        ),
    ]
