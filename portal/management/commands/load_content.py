from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.page_cache import content_changed
from portal.content import CONTENT_APPS, fixture_path, has_content, load_fixture


class Command(BaseCommand):
    help = (
        "Load the toolkit's content from fixtures/ into apps that hold no content yet. "
        "Content an admin has edited is never overwritten; see reset_content for that."
    )

    def handle(self, *args, verbosity=1, **options):
        for app_label in CONTENT_APPS:
            if has_content(app_label):
                message = f"{app_label}: content present, left as it is"
            else:
                load_fixture(app_label)
                message = self.style.SUCCESS(f"{app_label}: loaded {fixture_path(app_label)}")
            if verbosity:
                self.stdout.write(message)
        content_changed()
        # The example plan is a plan, not content, but a fresh install should show it too.
        call_command("load_example_plan", verbosity=verbosity)
