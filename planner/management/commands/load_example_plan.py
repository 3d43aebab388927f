from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from planner.models import InitiativePlan

FIXTURE = settings.BASE_DIR / "fixtures" / "example_plan.json"
# Tags go in through the model: tagged-item rows have no natural key, and a fixed primary key
# in the fixture could overwrite a row of someone's own plan.
TAGS = ["example", "fatherhood", "dialogue groups"]


class Command(BaseCommand):
    help = (
        "Load the example plan from fixtures/example_plan.json if there is no example plan yet. "
        "An example plan that exists (perhaps edited in the admin) is never overwritten."
    )

    def handle(self, *args, verbosity=1, **options):
        if InitiativePlan.objects.examples().exists():
            message = "planner: an example plan is present, left as it is"
        else:
            with transaction.atomic():
                call_command("loaddata", str(FIXTURE), verbosity=0)
                for plan in InitiativePlan.objects.examples():
                    plan.tags.add(*TAGS)
            message = self.style.SUCCESS(f"planner: loaded the example plan from {FIXTURE}")
        if verbosity:
            self.stdout.write(message)
