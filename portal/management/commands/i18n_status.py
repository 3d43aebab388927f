import polib
from django.conf import settings
from django.core.management.base import BaseCommand

from core.translation_state import State
from portal.content_po import content_coverage, content_languages, record_states


def percent(part, whole):
    return f"{100 * part / whole:.0f}%" if whole else "-"


class Command(BaseCommand):
    help = (
        "Per language: interface and content translated, stale translations, whether offered, "
        "and how many records' translations are reviewed, drafts or stale (as the admin shows)."
    )

    def handle(self, *args, **options):
        offered = {code for code, _name in settings.LANGUAGES}
        self.stdout.write(
            f"{'language':<9}{'offered':<9}{'interface':<18}{'content':<18}{'stale':>6}"
            "  records reviewed/draft/stale"
        )
        for language in content_languages():
            path = settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"
            po = polib.pofile(str(path)) if path.exists() else []
            done = len(po.translated_entries()) if po else 0
            interface = f"{done}/{len(po)} {percent(done, len(po))}"
            texts, translated, stale = content_coverage(language)
            content = f"{translated}/{texts} {percent(translated, texts)}"
            yes = "yes" if language in offered else "no"
            states = record_states(language)
            records = "/".join(str(states[s]) for s in (State.REVIEWED, State.DRAFT, State.STALE))
            self.stdout.write(
                f"{language:<9}{yes:<9}{interface:<18}{content:<18}{stale:>6}  {records}"
            )
