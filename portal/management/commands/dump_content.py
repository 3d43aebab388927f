from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.content import CONTENT_APPS, fixture_path


class Command(BaseCommand):
    help = "Write the current content back to fixtures/ so that admin edits can be reviewed."

    def handle(self, *args, **options):
        for app_label in CONTENT_APPS:
            call_command(
                "dumpdata", app_label, indent=2, output=str(fixture_path(app_label)), verbosity=0
            )
            self.stdout.write(self.style.SUCCESS(f"{app_label}: wrote {fixture_path(app_label)}"))
