from django.core.management.base import BaseCommand

from core.page_cache import content_changed
from portal.content_po import content_languages, import_po, po_path


class Command(BaseCommand):
    help = (
        "Store the translations of locale/content/<language>.po in the database; a translation "
        "whose English has changed since (fuzzy, or a different msgid) is left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("languages", nargs="*", help="default: every language but English")

    def handle(self, *args, languages, verbosity=1, **options):
        languages = languages or content_languages()
        for language in languages:
            imported, stale = import_po(language)
            if verbosity and (imported or stale):
                self.stdout.write(
                    f"{po_path(language)}: {imported} translations stored, {stale} stale left out"
                )
        content_changed()
