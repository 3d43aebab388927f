"""Every URL pattern of the project, read from the URLconf, with a sample URL for each.

Shared by the tests that walk the whole site (tests/portal/test_access_everywhere.py,
tests/portal/test_fuzz_bodies.py, tests/portal/test_every_page_in_russian.py): a view added
later is walked by all of them. A new URL parameter needs a sample value in `build_world` or
`url_for`, or the walk fails and says so.

The walk tests who may open what, not the toolkit's content: `build_content` makes the few
pages it opens in code (and tests.database.kept_for_the_module builds the world once a module).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

SECRET = "Secret plan about the night shift"
ADMIN_SAMPLES = {"app_label": "planner", "model_name": "initiativeplan"}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def all_patterns():
    """(name, pattern) for every named URL pattern, sorted by name."""
    return sorted(dict(walk(get_resolver().url_patterns)).items())


def build_world(user_model):
    """An owner with a network, a plan holding SECRET, a share link and an invitation; an
    outsider. Returns the users and the sample values for every URL parameter."""
    from django.contrib.auth.models import Permission

    from planner.models import (
        CheckAcknowledgement,
        Invitation,
        Membership,
        Network,
        PlanPart,
        ReviewRequest,
        ShareLink,
    )
    from tests.annexes.factories import make_topics

    owner = user_model.objects.create_user("owner-of-secrets")
    outsider = user_model.objects.create_user("nosy-outsider")
    # Staff who edit the toolkit in the admin, without the planner's inspect_plan permission.
    staff = user_model.objects.create_user("content-staff", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="toolkit"))
    network = Network.create("Secret network", "", organiser=owner)
    plan = owner.plans.create(title=SECRET, network=network)
    part = plan.part(PlanPart.Kind.RESEARCH)
    part.save_edit({"barriers": SECRET}, part.version, owner)
    topic = make_topics(per_area=1, areas=1)[0]
    invitation = Invitation.create_for(network, Membership.Role.VIEWER, owner)
    link = ShareLink.objects.create(plan=plan, created_by=owner)
    # The ACT log's entries hold the secret too (made directly: a draft's log is closed).
    activity = plan.logged_activities.create(held_on="2026-01-15", kind="discussion", place=SECRET)
    reflection = plan.reflections.create(written_on="2026-01-20", notes=SECRET)
    acknowledgement = CheckAcknowledgement.objects.create(
        plan=plan, rule="one-off-event", reason=SECRET, acknowledged_by=owner
    )
    # A review link the walk opens (its form), and a review submitted through a revoked one
    # whose comment holds the secret.
    review_link = ReviewRequest.create_for(plan, "Partner", "", owner, 30)
    reviewed = ReviewRequest.create_for(plan, "Reviewer", "", owner, 30)
    comment = {"kind": PlanPart.Kind.RESEARCH, "field_name": "", "text": SECRET}
    reviewed.save_review("concerns", SECRET, [comment], submit=True)
    reviewed.revoke()
    return {
        "owner": owner,
        "outsider": outsider,
        "staff": staff,
        "plan": plan,
        "kwargs": {
            "plan_id": plan.pk,
            "number": 1,
            "kind": PlanPart.Kind.RESEARCH,
            "history_id": part.history.first().history_id,
            "link_id": link.pk,
            "activity_id": activity.pk,
            "reflection_id": reflection.pk,
            "rule": "one-off-event",
            "acknowledgement_id": acknowledgement.pk,
            "request_id": reviewed.pk,
            "comment_id": reviewed.review.comments.get().pk,
            "review_token": review_link.token,
            "membership_id": network.memberships.get().pk,
            "invitation_id": invitation.pk,
            "network_slug": network.slug,
            "topic_slug": topic.slug,
            "invitation_token": invitation.token,
            "share_token": link.token,
            "uidb64": "MQ",
            "token": "set-password",
            "object_id": str(plan.pk),  # ADMIN_SAMPLES name the plan model
            "id": "1",
            "content_type_id": "1",
            "code": "ru",  # the language switcher
            **ADMIN_SAMPLES,
        },
    }


def build_content():
    """The toolkit's pages the walk opens, made in code: home, about and further reading, the
    three steps (THINK, PLAN with the challenges' reasons of resistance, ACT), and planning step 1,
    whose guidance step 1 of a plan shows."""
    from tests.toolkit.factories import make_step_page
    from toolkit.models import KeyAction, Page, PlanningStep, Section

    for order, slug in enumerate(["home", "about", "further-reading"], start=10):
        page = Page.objects.create(slug=slug, title=slug.title(), nav_label=slug, order=order)
        Section.objects.create(page=page, slug="intro", heading="Intro", body=f"The {slug} page.")
    make_step_page(1, "think")
    plan_page = make_step_page(2, "plan")
    make_step_page(3, "act")
    step = PlanningStep.objects.create(
        section=plan_page.sections.get(kind=Section.Kind.PLANNING_STEPS),
        number=1,
        slug="know-your-audience",
        title="Know your audience",
        what_it_means="Who they are.",
        why_it_matters="What reaches them.",
    )
    KeyAction.objects.create(planning_step=step, text="Ask them")


def url_for(name, pattern, samples):
    names = list(pattern.pattern.regex.groupindex)
    kwargs = {}
    for param in names:
        if param == "slug":
            kwargs[param] = {
                "planner": samples["network_slug"],
                "annexes": samples["topic_slug"],
            }.get(name.split(":")[0], "think")
        elif param == "token" and name == "planner:shared_plan":
            kwargs[param] = samples["share_token"]
        elif param == "token" and name == "planner:invitation_accept":
            kwargs[param] = samples["invitation_token"]
        elif param == "token" and name == "planner:review":
            kwargs[param] = samples["review_token"]
        elif param in samples:
            kwargs[param] = samples[param]
        else:
            pytest.fail(f"{name}: no sample value for URL parameter {param!r}; add one")
    unnamed = pattern.pattern.regex.groups - len(names)
    if unnamed:  # e.g. django-simple-history's admin pages: object id, history id
        return reverse(name, args=["1"] * unnamed)
    return reverse(name, kwargs=kwargs)
