from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.content import CONTENT_APPS, fixture_path, has_content


class Command(BaseCommand):
    help = (
        "Load the toolkit's content from fixtures/ into apps that hold no content yet. "
        "Content an admin has edited is never overwritten; see reset_content for that."
    )

    def handle(self, *args, **options):
        for app_label in CONTENT_APPS:
            if has_content(app_label):
                self.stdout.write(f"{app_label}: content present, left as it is")
                continue
            call_command("loaddata", str(fixture_path(app_label)), verbosity=0)
            self.stdout.write(self.style.SUCCESS(f"{app_label}: loaded {fixture_path(app_label)}"))
