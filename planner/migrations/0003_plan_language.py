from django.db import migrations, models


def example_plans_are_english(apps, schema_editor):
    """Example plans so far were written for the English-only portal: they are English. Other
    plans stay of unknown language (empty): their authors may have written in any language, and
    a wrong lang attribute would be worse than none (a screen reader reads in the wrong voice).
    Their owners can say it in the plan's details."""
    InitiativePlan = apps.get_model("planner", "InitiativePlan")
    InitiativePlan.objects.filter(is_example=True).update(language="en")


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0002_trust_staff_versions_invitations_inspections"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiativeplan",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[
                    ("en", "English"),
                    ("ru", "Russian"),
                    ("kk", "Kazakh"),
                    ("ky", "Kyrgyz"),
                    ("tg", "Tajik"),
                    ("tk", "Turkmen"),
                    ("uz", "Uzbek"),
                ],
                max_length=10,
                verbose_name="language of this plan",
            ),
        ),
        migrations.AddField(
            model_name="initiativeplan",
            name="translation_status",
            field=models.CharField(
                blank=True,
                choices=[("draft", "machine-assisted draft"), ("reviewed", "reviewed")],
                help_text=(
                    "Only for an example plan translated from another one: whether a "
                    "native-speaker editor has reviewed the translation."
                ),
                max_length=10,
                verbose_name="translation",
            ),
        ),
        migrations.RunPython(example_plans_are_english, migrations.RunPython.noop),
    ]
