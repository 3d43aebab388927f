from django.db import migrations


class Migration(migrations.Migration):
    """Joins the three parts of issue 13, written side by side."""

    dependencies = [
        ("planner", "0007_plan_check"),
        ("planner", "0007_reviews"),
        ("planner", "0007_act_log"),
    ]

    operations = []
