from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.page_cache import content_changed
from portal.content import CONTENT_APPS, delete_content, load_fixture


class Command(BaseCommand):
    help = "Replace all content with the fixtures' content, discarding edits made in the admin."

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, yes=False, **options):
        if not yes:
            answer = input("This discards every content edit made in the admin. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing changed.")
        with transaction.atomic():
            for app_label in CONTENT_APPS:
                delete_content(app_label)
                load_fixture(app_label)
                self.stdout.write(self.style.SUCCESS(f"{app_label}: reset from fixtures"))
        content_changed()
