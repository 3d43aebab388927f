import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from core.page_cache import content_changed
from planner.models import InitiativePlan


@dataclass(frozen=True)
class Example:
    language: str
    fixture: Path
    # Tags go in through the model: tagged-item rows have no natural key, and a fixed primary
    # key in the fixture could overwrite a row of someone's own plan. They are the plan's own
    # words, so in its language.
    tags: tuple

    @property
    def plan_id(self):
        objects = json.loads(self.fixture.read_text())
        return next(o["pk"] for o in objects if o["model"] == "planner.initiativeplan")


FIXTURES = settings.BASE_DIR / "fixtures"
# One example plan per language, each written in it (a plan's text is never translated on the
# fly). The Russian one is a faithful translation of the English, a machine-assisted draft not
# yet reviewed by a native-speaker editor: its `translation_status` says so.
EXAMPLES = [
    Example("en", FIXTURES / "example_plan.json", ("example", "fatherhood", "dialogue groups")),
    Example("ru", FIXTURES / "example_plan.ru.json", ("пример", "отцовство", "диалоговые группы")),
]


class Command(BaseCommand):
    help = (
        "Load the example plans from fixtures/example_plan*.json, each in a language that has "
        "no example plan yet. An example plan that exists (perhaps edited in the admin) is "
        "never overwritten."
    )

    def handle(self, *args, verbosity=1, **options):
        for example in EXAMPLES:
            language = example.language
            if InitiativePlan.objects.examples().filter(language=language).exists():
                message = f"planner: an example plan in {language} is present, left as it is"
            else:
                with transaction.atomic():
                    call_command("loaddata", str(example.fixture), verbosity=0)
                    InitiativePlan.objects.get(pk=example.plan_id).tags.add(*example.tags)
                # Loaded again after a deletion, the plan has its old id and may count to its
                # old revision: pages kept of the deleted one must not be served for it.
                content_changed()
                message = self.style.SUCCESS(
                    f"planner: loaded the example plan in {language} from {example.fixture}"
                )
            if verbosity:
                self.stdout.write(message)
