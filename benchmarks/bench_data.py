"""Benchmark data in bulk, shaped like real data: plans copied from the example plan, networks
with many members, steps with a long history. Used by load.py (in its setup subprocess) and
growth.py (in process); call after django.setup(), on a scratch database.

Everything is written with bulk_create, so a setup of 500 plans or members takes a second or
two; nothing here goes through the services, so no history is recorded for the bulk plans
(their pages do not show it) except where make_versions writes it on purpose.
"""

from datetime import timedelta

from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from planner.models import InitiativePlan, Membership, Network, PlanPart

# portal.auth_backend.ACCOUNT_BACKEND, named here: benchmarks do not import portal
# (tests/test_architecture.py).
ACCOUNT_BACKEND = "portal.auth_backend.AccountBackend"


def session_for(user):
    """A logged-in session for `user`; its key is the sessionid cookie."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = ACCOUNT_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def make_users(prefix, count):
    """`count` users named prefix-0 ... (no usable password: they never log in by form)."""
    user_model = get_user_model()
    unusable = make_password(None)
    user_model.objects.bulk_create(
        user_model(username=f"{prefix}-{i}", email=f"{prefix}-{i}@example.org", password=unusable)
        for i in range(count)
    )
    return list(user_model.objects.filter(username__startswith=f"{prefix}-").order_by("pk"))


def user(username):
    return get_user_model().objects.get_or_create(username=username)[0]


def example_plan():
    """The English example plan (load_content puts it in), or None."""
    return InitiativePlan.objects.examples_for("en").prefetch_related("parts").first()


def make_plans(owner, count, network=None):
    """`count` plans of `owner`, each with the example plan's six filled steps (empty plans
    when there is no example)."""
    example = example_plan()
    parts = list(example.parts.all()) if example else []
    title = example.title if example else "Bench plan"
    plans = InitiativePlan.objects.bulk_create(
        InitiativePlan(
            owner=owner,
            network=network,
            title=f"{title} ({i + 1})",
            summary=example.summary if example else "",
            language=example.language if example else "en",
        )
        for i in range(count)
    )
    PlanPart.objects.bulk_create(
        PlanPart(plan=plan, kind=part.kind, data=part.data, updated_by=owner)
        for plan in plans
        for part in parts
    )
    return plans


def make_network(name, organiser, members, plans=1):
    """A network of `members` people in all (the organiser one of them; the others editors and
    viewers in turn) sharing `plans` of the organiser's plans. Returns its slug."""
    network = Network.create(name, "A network for the benchmarks.", organiser=organiser)
    others = make_users(network.slug, members - 1) if members > 1 else []
    roles = [Membership.Role.EDITOR, Membership.Role.VIEWER]
    Membership.objects.bulk_create(
        Membership(network=network, user=other, role=roles[i % 2]) for i, other in enumerate(others)
    )
    make_plans(organiser, plans, network=network)
    return network.slug


def make_versions(part, count, user):
    """Replace `part`'s history with `count` versions, one an hour, each changing one of its text
    fields (as people's saves do), by `user`; the part holds the newest."""
    historical = PlanPart.history.model
    historical.objects.filter(id=part.pk).delete()
    texts = [key for key, value in part.data.items() if isinstance(value, str) and value]
    start = timezone.now() - timedelta(hours=count + 1)
    data = dict(part.data)
    records = []
    for version in range(1, count + 1):
        if version > 1 and texts:
            key = texts[version % len(texts)]
            data = {**data, key: f"{part.data[key]} Revised in version {version}."}
        at = start + timedelta(hours=version)
        records.append(
            historical(
                id=part.pk,
                plan_id=part.plan_id,
                kind=part.kind,
                data=data,
                version=version,
                updated_by=user,
                updated_at=at,
                history_date=at,
                history_type="+" if version == 1 else "~",
                history_user=user,
            )
        )
    historical.objects.bulk_create(records)
    PlanPart.objects.filter(pk=part.pk).update(data=data, version=count)
