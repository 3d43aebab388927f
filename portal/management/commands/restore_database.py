from django.core.management.base import BaseCommand, CommandError

from portal.backup import restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by backup_database."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup file.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, source, yes=False, **options):
        if not yes:
            answer = input("This replaces everything in the database. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing changed.")
        try:
            restore(source)
        except FileNotFoundError as error:
            raise CommandError(f"No backup at {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Restored {source}"))
