from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from planner.models import InitiativePlan, Membership, Network

PASSWORD = "demo-password-1"
ORGANISER, EDITOR = "demo-organiser", "demo-editor"
NETWORK_NAME = "Demo youth network"


class Command(BaseCommand):
    help = (
        "Development only (DEBUG=1): demo users with a known password, a network with both, "
        "and a plan shared with it. Running it again changes nothing but the passwords."
    )

    def handle(self, *args, verbosity=1, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo creates users with a published password: it runs only with DEBUG=1, "
                "never on a server people use."
            )
        call_command("load_example_plan", verbosity=0)
        with transaction.atomic():
            organiser = self.demo_user(ORGANISER)
            editor = self.demo_user(EDITOR)
            network = Network.objects.filter(name=NETWORK_NAME).first()
            if network is None:
                network = Network.create(
                    NETWORK_NAME,
                    "A network to try the planner with: sign in as either demo user.",
                    organiser,
                )
            network.add_member(organiser, Membership.Role.ORGANISER)
            network.add_member(editor, Membership.Role.EDITOR)
            example = InitiativePlan.objects.examples_for(translation.get_language()).first()
            if example is not None and not organiser.plans.exists():
                plan = example.duplicate(owner=organiser)
                plan.network = network
                plan.save(update_fields=["network"])
        self.stdout.write(
            self.style.SUCCESS("Demo ready.")
            + f"\nLog in at http://127.0.0.1:8000/accounts/login/ as {ORGANISER} (organiser of "
            f"“{network.name}”) or {EDITOR} (editor), password: {PASSWORD}\n"
            "Both see the network's plan under “My networks' plans” or “My plans” at /plans/."
        )

    def demo_user(self, username):
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        return user
