from django.core.management.base import BaseCommand

from portal.backup import backup


class Command(BaseCommand):
    help = "Back up the whole database (SQLite online backup or pg_dump) into backups/."

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="File to write (default: backups/...).")

    def handle(self, *args, target=None, **options):
        path = backup(target)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
