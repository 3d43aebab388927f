from django.core.management.base import BaseCommand

from portal.content_po import content_languages, po_path, write_po


class Command(BaseCommand):
    help = (
        "Write the content's texts to locale/content/<language>.po for translators, keeping "
        "every translation and marking fuzzy those whose English changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("languages", nargs="*", help="default: every language but English")

    def handle(self, *args, languages, **options):
        languages = languages or content_languages()
        for language in languages:
            total, fuzzy, untranslated = write_po(language)
            self.stdout.write(
                f"{po_path(language)}: {total} texts, {fuzzy} fuzzy (English changed), "
                f"{untranslated} untranslated"
            )
