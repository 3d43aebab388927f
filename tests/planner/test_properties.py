"""Property-based tests: hostile input to every planner form, query parameter and URL.

Random, huge and awkward text (see tests/portal/test_properties.py for the strategies) goes into
the plan, network, invitation, role and sharing forms, every planning step and the challenges
(main fields, list rows, the lists' management forms, the version) and the autosave JSON
variant, and into every path and query parameter. The answer is never a 5xx. A valid form
saves exactly what Django's fields make of the submitted text, and the page shows it back;
a refused form saves nothing and shows the submitted text again.

Every example runs inside `rolled_back()`, so the examples of one test never see each other's
rows; objects from fixtures are re-read inside the example for the same reason.
"""

import json
import re
import string
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from hypothesis import event, example, given
from hypothesis import strategies as st
from taggit.utils import parse_tags

from planner.forms import NetworkForm, PlanForm
from planner.models import InitiativePlan, Invitation, Membership, Network, PlanPart, ShareLink
from planner.walkthrough import STEPS
from tests.annexes.factories import make_levels, make_topics
from tests.portal.test_properties import (
    INVALID,
    assert_not_server_error,
    cleaned_text,
    client_for,
    fitting_text,
    hostile_settings,
    hostile_text,
    page,
    path_segment,
    rolled_back,
    short_hostile_text,
    submittable,
)
from toolkit import models as toolkit

pytestmark = pytest.mark.django_db

NUL_ERROR = "Null characters are not allowed."
TAG_MAX_LENGTH = 100  # taggit's TagBase.name and TagBase.slug columns


@pytest.fixture
def choices(db):
    """What the steps' choice fields offer: Annex 2 topics, Annex 1 levels, resistance reasons."""
    topics = make_topics(per_area=2, areas=1)
    levels = make_levels(examples=0)
    page_ = toolkit.Page.objects.create(slug="plan", title="PLAN!", nav_label="PLAN!")
    section = toolkit.Section.objects.create(
        page=page_, slug="resistance", heading="Resistance", kind=toolkit.Section.Kind.CHALLENGE
    )
    reasons = [
        toolkit.ResistanceReason.objects.create(section=section, text=f"Reason {n}", order=n)
        for n in range(2)
    ]
    return {"topics": topics, "levels": levels, "reasons": reasons}


def checkbox_value(raw):
    """What Django's CheckboxInput makes of a submitted value (None: not submitted)."""
    return raw is not None and raw != "" and raw.lower() != "false"


def shown_again(raw, form_field):
    """A submitted value as the refused form shows it again: as sent, except that crispy's
    `specialspaceless` turns 3 or more whitespace characters between two tags into one space,
    so a textarea that holds only whitespace comes back holding " " (a cosmetic quirk: such
    text saves as "" anyway)."""
    raw = raw or ""
    if isinstance(form_field.widget, django_forms.Textarea) and raw.isspace() and len(raw) >= 2:
        return " "
    return raw


def without_none(data):
    return {key: value for key, value in data.items() if value is not None}


def int_or_none(text):
    """The key a ModelChoiceField looks up: the primary key field reads it with int()."""
    try:
        return int(text)
    except ValueError:
        return None


def assert_no_nul_stored(*values):
    assert "\x00" not in json.dumps(values, ensure_ascii=False, default=str)


# --- Plans: create and edit -------------------------------------------------------------------

STATUSES = [value for value, _label in InitiativePlan.Status.choices]
tag_text = st.one_of(
    hostile_text,
    st.lists(
        st.one_of(short_hostile_text, st.sampled_from(["fatherhood", "sports"])), max_size=5
    ).map(", ".join),
)


def expected_tags(raw):
    """The tags a valid form saves (taggit's parse_tags of the stripped text), or INVALID when
    a tag would not fit the tag table (name and slug are both at most 100 characters)."""
    cleaned = cleaned_text(raw)
    if cleaned is INVALID:
        return INVALID
    tags = parse_tags(cleaned)
    if any(len(tag) > TAG_MAX_LENGTH for tag in tags):
        return INVALID
    return set(tags)


@hostile_settings(max_examples=40)
@pytest.mark.parametrize("action", ["create", "edit"])
@given(
    title=hostile_text,
    summary=st.one_of(st.none(), hostile_text),
    status=st.one_of(st.sampled_from(STATUSES), hostile_text),
    tags=st.one_of(st.none(), tag_text),
)
@example(title="Отцы ⚽ שלום", summary="a\r\nb\rc\n", status="ready", tags='"α, β", γ')
@example(title="a\x00b", summary=None, status="draft", tags=None)
@example(title="title", summary="\x00", status="draft", tags=None)
@example(title="title", summary=None, status="draft", tags="x\x00")
@example(title="title", summary=None, status="draft", tags="t" * 101)  # a tag too long
@example(title="title", summary=None, status="draft", tags="\ufdfa" * 6)  # its slug too long
def test_plan_form_never_fails_and_saves_the_text_exactly(
    owner, plan, action, title, summary, status, tags
):
    data = without_none({"title": title, "summary": summary, "status": status, "tags": tags})
    if action == "edit":
        data["version"] = plan.details_version
    expected = {
        "title": cleaned_text(title, 200, required=True),
        "summary": cleaned_text(summary or "", 2000),
        "status": status if status in STATUSES else INVALID,
        "tags": expected_tags(tags or ""),
    }
    valid = all(value is not INVALID for value in expected.values())
    with rolled_back():
        client = client_for(owner)
        before = set(InitiativePlan.objects.values_list("pk", flat=True))
        url = "/plans/new/" if action == "create" else f"/plans/{plan.pk}/edit/"
        response = client.post(url, data)

        assert_not_server_error(response)
        if action == "create":
            created = InitiativePlan.objects.exclude(pk__in=before)
            saved = created.first()
        else:
            saved = InitiativePlan.objects.get(pk=plan.pk)
        if not valid:
            assert response.status_code == 200
            assert "is-invalid" in page(response)
            if "\x00" in title or "\x00" in (summary or "") or "\x00" in (tags or ""):
                assert NUL_ERROR in page(response)
            if action == "create":
                assert saved is None
            else:
                assert (saved.title, saved.summary, saved.status) == (
                    plan.title,
                    plan.summary,
                    "draft",
                )
            shown = submittable(response)
            assert shown["title"] == [title]
            assert shown["summary"] == [shown_again(summary, PlanForm().fields["summary"])]
            assert escape(title) in page(response)
            return

        assert response.status_code == 302, response.context["form"].errors
        assert (saved.title, saved.summary, saved.status) == (
            expected["title"],
            expected["summary"],
            expected["status"],
        )
        stored_tags = list(saved.tags.all())
        assert {tag.name for tag in stored_tags} == expected["tags"]
        for tag in stored_tags:
            assert len(tag.name) <= TAG_MAX_LENGTH and len(tag.slug) <= TAG_MAX_LENGTH
        assert_no_nul_stored(saved.title, saved.summary, [tag.name for tag in stored_tags])

        shown = submittable(client.get(f"/plans/{saved.pk}/edit/"))
        assert shown["title"] == [expected["title"]]
        assert shown["summary"] == [expected["summary"]]
        detail = client.get(f"/plans/{saved.pk}/")
        assert detail.status_code == 200
        assert escape(expected["title"]) in page(detail)
        for url in [f"/plans/{saved.pk}/print/", f"/plans/{saved.pk}/export.md"]:
            assert client.get(url).status_code == 200
        exported = json.loads(client.get(f"/plans/{saved.pk}/export.json").content)
        assert (exported["title"], exported["summary"]) == (expected["title"], expected["summary"])
        assert set(exported["tags"]) == expected["tags"]


# --- The topic query parameter ("use in a plan") ------------------------------------------------

topic_parameter = st.one_of(
    hostile_text, st.sampled_from(["topic-0-0", "topic-0-1", " topic-0-0", "TOPIC-0-0"])
)


@hostile_settings(max_examples=25)
@given(topic=topic_parameter)
@example(topic="a\x00b")
@example(topic="topic-0-0" + "x" * 20000)
def test_the_topic_parameter_of_a_new_plan_never_fails(owner, choices, topic):
    known = {topic_.slug for topic_ in choices["topics"]}
    with rolled_back():
        client = client_for(owner)
        form = client.get("/plans/new/", {"topic": topic})

        assert form.status_code == 200
        if topic in known:
            assert submittable(form)["topic"] == [topic]
        else:
            assert "topic" not in submittable(form)

        response = client.post("/plans/new/", {"title": "Plan", "status": "draft", "topic": topic})

        assert response.status_code == 302
        created = InitiativePlan.objects.get(title="Plan")
        if topic in known:
            assert response["Location"] == f"/plans/{created.pk}/steps/3/"
            assert created.part(PlanPart.Kind.ENTRY_POINTS).data == {"topics": [topic]}
        else:
            assert response["Location"] == f"/plans/{created.pk}/steps/1/"
            assert not created.parts.exists()


@hostile_settings(max_examples=25)
@given(topic=topic_parameter)
@example(topic="a\x00b")
@example(topic="topic-0-1" * 3000)
def test_the_topic_parameter_of_step_3_never_fails(owner, plan, choices, topic):
    known = {topic_.slug for topic_ in choices["topics"]}
    with rolled_back():
        response = client_for(owner).get(f"/plans/{plan.pk}/steps/3/", {"topic": topic})

        assert response.status_code == 200
        # Ticked in the form, not saved: nothing else is ticked in this plan.
        assert submittable(response).get("topics", []) == ([topic] if topic in known else [])
        assert not plan.parts.filter(kind=PlanPart.Kind.ENTRY_POINTS).exists()


@hostile_settings(max_examples=25)
@given(topics=st.lists(st.one_of(st.sampled_from(["topic-0-0", "topic-0-1"]), hostile_text)))
@example(topics=["\x00"])
@example(topics=["topic-0-0", "topic-0-0\x00"])
def test_the_topics_ticked_on_step_3_never_fail(owner, plan, choices, topics):
    """A refused step 3 shows the questions of the topics ticked: only real ones are looked up."""
    known = {topic_.slug: topic_ for topic_ in choices["topics"]}
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(PlanPart.Kind.ENTRY_POINTS)
        response = client_for(owner).post(
            f"/plans/{plan.pk}/steps/3/", {"version": part.version, "topics": topics}
        )

        assert_not_server_error(response)
        after = PlanPart.objects.get(pk=part.pk)
        if all(slug in known for slug in topics):
            assert response.status_code == 302
            assert after.data["topics"] == topics
        else:
            assert response.status_code == 200
            assert after.version == part.version
            ticked = [slug for slug in topics if slug in known]
            assert submittable(response).get("topics", []) == sorted(set(ticked))
            shown_topics = re.findall(r'<h3 id="topic-([-\w]+)-heading">', page(response))
            assert shown_topics == sorted(set(ticked))


# --- Path parameters --------------------------------------------------------------------------

PATHS = [
    "/plans/{x}/",
    "/plans/{x}/steps/1/",
    "/plans/{plan}/steps/{x}/",
    "/plans/{plan}/history/{x}/",
    "/plans/{plan}/history/{x}/1/restore/",
    "/plans/{plan}/history/research/{x}/restore/",
    "/plans/{plan}/links/{x}/revoke/",
    "/shared/{x}/",
    "/networks/join/{x}/",
    "/networks/{x}/",
    "/networks/{x}/invite/",
    "/networks/{slug}/members/{x}/role/",
    "/networks/{slug}/members/{x}/remove/",
]
HUGE_NUMBER = "9" * 30
segment = st.one_of(
    hostile_text,
    st.uuids().map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1", "5", "6", "0", "research", "challenges", "new", "join", ".", ".."]),
)
# What any of these URLs may answer: a page, a redirect (to log in, or back after a POST),
# a refused form (400), a read-only member (403), not found (404), wrong method (405), an
# unusable invitation (410).
ALLOWED = {200, 302, 400, 403, 404, 405, 410}


@hostile_settings(max_examples=15)
@pytest.mark.parametrize("template", PATHS)
@given(x=segment)
@example(x="\x00")
@example(x=HUGE_NUMBER)
@example(x="x" * 20000)
@example(x="00000000-0000-0000-0000-000000000000")
def test_path_parameters_never_fail(owner, plan, network, template, x):
    url = template.format(x=path_segment(x), plan=plan.pk, slug=network.slug)
    with rolled_back():
        for user in [None, owner]:
            client = client_for(user)
            for method in [client.get, client.post]:
                response = method(url)
                assert response.status_code in ALLOWED, (url, response.status_code)
        owner_get = client_for(owner).get(url)
        if template == "/plans/{plan}/steps/{x}/":
            is_step = re.fullmatch("[0-9]+", x) and 1 <= int(x) <= 5  # the <int:...> converter
            assert owner_get.status_code == (200 if is_step else 404)
        if template == "/plans/{plan}/history/{x}/":
            assert owner_get.status_code == (200 if x in PlanPart.Kind.values else 404)
        if template in ("/shared/{x}/", "/networks/join/{x}/"):
            assert owner_get.status_code == 404


# --- Networks: create, invite, roles ------------------------------------------------------------


def expected_network_lines(description):
    return [line for line in re.split(r"\r\n|\r|\n", description) if line]


@hostile_settings(max_examples=35)
@given(
    name=hostile_text,
    description=st.one_of(st.none(), hostile_text),
    taken=st.booleans(),  # a network already has the slug the name makes
)
@example(name="Молодёжь Оша", description="a\r\n\r\nb", taken=True)
@example(name="new", description=None, taken=False)
@example(name="\u202eevil", description=None, taken=False)
@example(name="a\x00", description=None, taken=False)
@example(name="name", description="\x00", taken=False)
def test_network_create_never_fails_and_saves_the_text_exactly(outsider, name, description, taken):
    expected_name = cleaned_text(name, 120, required=True)
    expected_description = cleaned_text(description or "", 2000)
    valid = expected_name is not INVALID and expected_description is not INVALID
    with rolled_back():
        if taken and expected_name is not INVALID:
            Network.objects.create(name="taken", slug=slugify(expected_name)[:70] or "network")
        before = set(Network.objects.values_list("pk", flat=True))
        client = client_for(outsider)
        response = client.post(
            "/networks/new/", without_none({"name": name, "description": description})
        )

        assert_not_server_error(response)
        created = Network.objects.exclude(pk__in=before)
        if not valid:
            assert response.status_code == 200
            assert not created.exists()
            if "\x00" in name or "\x00" in (description or ""):
                assert NUL_ERROR in page(response)
            shown = submittable(response)
            assert shown["name"] == [name]
            description_field = NetworkForm().fields["description"]
            assert shown["description"] == [shown_again(description, description_field)]
            return

        network = created.get()
        assert (network.name, network.description) == (expected_name, expected_description)
        assert re.fullmatch(r"[-a-z0-9_]{1,80}", network.slug)
        assert network.slug not in Network.RESERVED_SLUGS
        assert response["Location"] == f"/networks/{network.slug}/"
        assert network.membership_of(outsider).role == Membership.Role.ORGANISER
        detail = client.get(response["Location"])
        assert detail.status_code == 200
        assert escape(expected_name) in page(detail)
        for line in expected_network_lines(expected_description):
            assert escape(line) in page(detail)
        assert client.get("/networks/").status_code == 200


role_text = st.one_of(st.sampled_from(Membership.Role.values), hostile_text)


@hostile_settings(max_examples=25)
@given(role=role_text)
@example(role=" editor")
@example(role="EDITOR")
@example(role="editor\x00")
def test_invitation_role_never_fails(owner, network, role):
    with rolled_back():
        client = client_for(owner)
        response = client.post(f"/networks/{network.slug}/invite/", {"role": role})

        assert response.status_code == 302
        assert response["Location"] == f"/networks/{network.slug}/#invitations"
        invitations = list(Invitation.objects.filter(network=network))
        if role in Membership.Role.values:
            assert [invitation.role for invitation in invitations] == [role]
        else:
            assert invitations == []
        assert client.get(response["Location"]).status_code == 200


@hostile_settings(max_examples=25)
@given(role=role_text)
@example(role="organiser ")
@example(role="\x00")
def test_member_role_never_fails(owner, editor, network, role):
    with rolled_back():
        membership = Membership.objects.get(network=network, user=editor)
        client = client_for(owner)
        response = client.post(
            f"/networks/{network.slug}/members/{membership.pk}/role/", {"role": role}
        )

        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.role == (role if role in Membership.Role.values else "editor")
        assert client.get(f"/networks/{network.slug}/").status_code == 200


# --- Sharing ----------------------------------------------------------------------------------


@hostile_settings(max_examples=30)
@given(
    choice=st.one_of(
        st.sampled_from(["own", "own padded", "other", "", "-1", HUGE_NUMBER, "1.0", "[1]"]),
        hostile_text,
    )
)
@example(choice="\x00")
def test_sharing_with_a_network_never_fails(owner, plan, network, choice):
    with rolled_back():
        other = Network.objects.create(name="Other", slug="other")
        value = {
            "own": str(network.pk),
            "own padded": f" {network.pk} ",
            "other": str(other.pk),
        }.get(choice, choice)
        # A network of the owner's (its key as int() reads it: surrounding spaces are fine),
        # or nobody.
        expected = {"own": network, "own padded": network, "": None}.get(choice, INVALID)
        if choice not in ("other", "own", "own padded") and expected is INVALID:
            expected = network if int_or_none(value) == network.pk else INVALID
        client = client_for(owner)
        response = client.post(f"/plans/{plan.pk}/sharing/", {"network": value})

        assert_not_server_error(response)
        saved = InitiativePlan.objects.get(pk=plan.pk)
        if expected is INVALID:
            assert response.status_code == 400
            assert "is-invalid" in page(response)
            assert saved.network == network  # unchanged
        else:
            assert response.status_code == 302
            assert saved.network == expected


@hostile_settings(max_examples=30)
@given(
    days=st.one_of(
        st.sampled_from(["0", "1", "7", "30", "07", " 7", "-1", "2", HUGE_NUMBER]), hostile_text
    )
)
@example(days="\x00")
@example(days="x" * 20000)
def test_share_link_expiry_never_fails(owner, plan, days):
    with rolled_back():
        client = client_for(owner)
        response = client.post(f"/plans/{plan.pk}/links/new/", {"expires_in_days": days})

        assert_not_server_error(response)
        links = list(ShareLink.objects.filter(plan=plan))
        if days in ("0", "1", "7", "30"):
            assert response.status_code == 302
            [link] = links
            if days == "0":
                assert link.expires_at is None
            else:
                expected = timezone.now() + timedelta(days=int(days))
                assert abs(link.expires_at - expected) < timedelta(minutes=1)
            assert client_for().get(f"/shared/{link.token}/").status_code == 200
        else:
            assert response.status_code == 400
            assert links == []


# --- Planning steps and the challenges ----------------------------------------------------------

SPECS = {spec.kind: spec for spec in STEPS}
KNOWN_BAD_AMOUNTS = ["abc", "NaN", "Infinity", "-1", "1.234", "1e20", "12345678901.00", "1,5"]
valid_amount = st.decimals(
    min_value=0, max_value=Decimal("9999999999.99"), places=2, allow_nan=False
).map(str)
padded_amount = st.builds(
    lambda pad, amount: pad + amount + pad, st.sampled_from(["", " "]), valid_amount
)
valid_name = st.builds(
    lambda text, letter: (text + letter)[-200:].replace("\x00", ""),
    short_hostile_text,
    st.sampled_from(string.ascii_letters + "ЖשمΩ"),
)
checkbox = st.one_of(st.none(), st.sampled_from(["on", "", "false", "FALSE", "0"]), hostile_text)


@dataclass
class Submission:
    """A drawn POST for a step, with what it must lead to."""

    post: dict
    valid: bool | None = True  # None: this test does not say (e.g. amounts such as "١٢")
    saved: dict = field(default_factory=dict)  # the part's data after a valid save
    kept: dict = field(default_factory=dict)  # main text fields as a refused form shows them
    invalid: list = field(default_factory=list)  # names of the fields that must be refused
    nul: bool = False  # a main text field holds NUL

    def refuse(self, name):
        self.valid = False
        self.invalid.append(name)

    def unsure(self):
        if self.valid is True:
            self.valid = None


def draw_text_field(draw, sub, name, form_field, careful):
    text = fitting_text(form_field.max_length) if careful else hostile_text
    raw = draw(st.one_of(st.none(), text))
    if raw is not None:
        sub.post[name] = raw
    expected = cleaned_text(raw or "", form_field.max_length, required=form_field.required)
    return raw, expected


def draw_main_fields(draw, spec, sub, careful):
    form = spec.form_class()
    for name, form_field in form.fields.items():
        if name == "version":
            continue
        if isinstance(form_field, django_forms.MultipleChoiceField):
            offered = [str(value) for value, _label in form_field.choices]
            value = st.sampled_from(offered)
            values = draw(
                st.lists(value if careful else st.one_of(value, hostile_text), max_size=4)
            )
            if values:
                sub.post[name] = values
            if all(value in offered for value in values):
                coerce = getattr(form_field, "coerce", lambda value: value)
                sub.saved[name] = [coerce(value) for value in values]
            else:
                sub.refuse(name)
        elif isinstance(form_field, django_forms.BooleanField):
            raw = draw(checkbox)
            if raw is not None:
                sub.post[name] = raw
            sub.saved[name] = checkbox_value(raw)
        else:
            assert isinstance(form_field, django_forms.CharField), name
            raw, expected = draw_text_field(draw, sub, name, form_field, careful)
            sub.kept[name] = shown_again(raw, form_field)
            sub.nul = sub.nul or "\x00" in (raw or "")
            if expected is INVALID:
                sub.refuse(name)
            else:
                sub.saved[name] = expected


def draw_row(draw, sub, key, index, row_form_class, careful):
    """One list row: mostly plausible, sometimes hostile, sometimes removed or left blank."""
    shapes = ["plausible", "blank"] if careful else ["plausible", "hostile", "blank"]
    shape = draw(st.sampled_from(shapes))
    prefix = f"{key}-{index}-"
    row = {}
    changed, valid, unsure = False, True, False
    for name, form_field in row_form_class().fields.items():
        post_name = prefix + name
        if shape == "blank":
            raw = None
        elif isinstance(form_field, django_forms.ChoiceField):
            offered = [value for value, _label in form_field.choices if value]
            raw = draw(
                st.sampled_from(offered)
                if shape == "plausible"
                else st.one_of(st.none(), st.just(""), st.sampled_from(offered), hostile_text)
            )
        elif isinstance(form_field, django_forms.BooleanField):
            raw = draw(checkbox)
        elif isinstance(form_field, django_forms.DecimalField):
            raw = draw(
                st.one_of(st.none(), st.just(""), padded_amount)
                if shape == "plausible"
                else st.one_of(st.sampled_from(KNOWN_BAD_AMOUNTS), padded_amount, hostile_text)
            )
        elif form_field.required:
            raw = draw(valid_name if shape == "plausible" else hostile_text)
        else:
            text = fitting_text(form_field.max_length) if shape == "plausible" else hostile_text
            raw = draw(st.one_of(st.none(), text))
        if raw is not None:
            sub.post[post_name] = raw
        if isinstance(form_field, django_forms.ChoiceField):
            changed = changed or raw not in (None, "")
            if raw in (None, ""):
                valid = False  # required
            elif raw not in dict(form_field.choices):
                valid = False
            row[name] = raw
        elif isinstance(form_field, django_forms.BooleanField):
            changed = changed or checkbox_value(raw)
            row[name] = checkbox_value(raw)
        elif isinstance(form_field, django_forms.DecimalField):
            changed = changed or raw not in (None, "")
            if raw in (None, ""):
                row[name] = ""
            elif raw in KNOWN_BAD_AMOUNTS:
                valid = False
            elif re.fullmatch(r" ?[0-9]{1,10}\.[0-9][0-9] ?", raw):
                row[name] = str(Decimal(raw.strip()))
            else:
                unsure = True
        else:
            expected = cleaned_text(raw or "", form_field.max_length, required=form_field.required)
            changed = changed or (raw or "").strip() != ""
            if expected is INVALID:
                valid = False
            else:
                row[name] = expected
    removed = draw(st.sampled_from([None, None, None, "on"])) if shape != "blank" else None
    if removed is not None:
        sub.post[prefix + "DELETE"] = removed
    if checkbox_value(removed) or not changed:
        return None  # a removed or untouched row: not validated, not saved
    if not valid:
        sub.refuse(prefix)
    elif unsure:
        sub.unsure()
    return row


@st.composite
def step_submissions(draw, spec, version):
    sub = Submission(post={"version": str(version)})
    # Careful submissions fit every field, so that valid saves are drawn often, not by luck.
    careful = draw(st.booleans())
    draw_main_fields(draw, spec, sub, careful)
    for key, (row_form_class, _label) in spec.lists.items():
        count = draw(st.integers(min_value=0, max_value=3))
        rows = [draw_row(draw, sub, key, index, row_form_class, careful) for index in range(count)]
        # As the page sends it: the rows, one empty row for a new entry, a fresh management form.
        sub.post.update(
            {
                f"{key}-TOTAL_FORMS": str(count + 1),
                f"{key}-INITIAL_FORMS": "0",
                f"{key}-MIN_NUM_FORMS": "0",
                f"{key}-MAX_NUM_FORMS": "50",
            }
        )
        sub.saved[key] = [row for row in rows if row is not None]
    return sub


def assert_shown_again(response, sub):
    """A refused step keeps every main text field as it was sent."""
    shown = submittable(response)
    html = page(response)
    for name, as_shown in sub.kept.items():
        assert shown[name] == [as_shown], name
        assert escape(as_shown) in html


def assert_page_shows_saved(response, spec, saved):
    shown = submittable(response)
    html = page(response)
    for name, value in saved.items():
        if name in spec.lists:
            for index, row in enumerate(value):
                for cell, text in row.items():
                    if isinstance(text, str):
                        assert shown[f"{name}-{index}-{cell}"] == [text]
                        assert escape(text) in html
        elif isinstance(value, str):
            assert shown[name] == [value], name
            assert escape(value) in html


@hostile_settings(max_examples=20)
@pytest.mark.parametrize("kind", list(SPECS))
@given(data=st.data())
def test_step_forms_never_fail_and_save_the_text_exactly(owner, plan, choices, kind, data):
    spec = SPECS[kind]
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(kind)
        sub = data.draw(step_submissions(spec, part.version))
        event(f"valid: {sub.valid}")
        client = client_for(owner)
        response = client.post(spec.url(plan), sub.post)

        assert_not_server_error(response)
        after = PlanPart.objects.get(pk=part.pk)
        assert_no_nul_stored(after.data)
        if sub.valid is False:
            assert response.status_code == 200
            assert 'id="error-summary"' in page(response)
            if sub.nul:
                assert NUL_ERROR in page(response)
            assert (after.version, after.data) == (part.version, part.data)
            assert_shown_again(response, sub)
            return
        if sub.valid is True:
            assert response.status_code == 302, page(response)
        if response.status_code == 200:
            assert after.version == part.version
            assert_shown_again(response, sub)
            return
        assert response.status_code == 302
        assert after.version == part.version + 1
        if sub.valid is True:
            assert after.data == sub.saved
        else:
            main = {name: value for name, value in sub.saved.items() if name not in spec.lists}
            assert {name: after.data[name] for name in main} == main
        assert_page_shows_saved(client.get(spec.url(plan)), spec, after.data)
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
        assert client.get(f"/plans/{plan.pk}/export.md").status_code == 200


@hostile_settings(max_examples=8)
@pytest.mark.parametrize("kind", list(SPECS))
@given(data=st.data())
def test_autosave_never_fails_and_answers_json(owner, plan, choices, kind, data):
    spec = SPECS[kind]
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(kind)
        sub = data.draw(step_submissions(spec, part.version))
        response = client_for(owner).post(spec.url(plan), sub.post, headers={"X-Autosave": "1"})

        assert_not_server_error(response)
        assert response["Content-Type"] == "application/json"
        answer = response.json()
        after = PlanPart.objects.get(pk=part.pk)
        assert_no_nul_stored(after.data)
        if sub.valid is False:
            assert response.status_code == 400
            for name in sub.invalid:
                if name.endswith("-"):  # a list row: some of its fields are named
                    assert any(key.startswith(name) for key in answer["errors"]), name
                else:
                    assert name in answer["errors"]
            assert (after.version, after.data) == (part.version, part.data)
            return
        if sub.valid is True:
            assert response.status_code == 200, answer
        if response.status_code == 200:
            assert answer["version"] == after.version == part.version + 1
            if sub.valid is True:
                assert after.data == sub.saved
        else:
            assert response.status_code == 400
            assert after.version == part.version


VERSIONS = {
    # sent: what happens when the rest of the form is valid
    "{v}": "saved",
    " {v} ": "saved",  # IntegerField strips
    "{v}.0": "saved",  # and drops a trailing ".0"
    "{next}": "conflict",
    HUGE_NUMBER: "conflict",  # a number, but no version the part has
    "": "refused",
    "-1": "refused",
    "abc": "refused",
    "1.5": "refused",
    "\x00": "refused",
    "x" * 20000: "refused",
}


@hostile_settings(max_examples=20)
@pytest.mark.parametrize("autosave", [False, True])
@given(version=st.one_of(st.sampled_from(sorted(VERSIONS)), hostile_text), age=short_hostile_text)
@example(version=HUGE_NUMBER, age="kept")
@example(version="\x00", age="kept")
def test_any_version_is_saved_refused_or_a_conflict(owner, plan, autosave, version, age):
    age = age.replace("\x00", "")[:200]
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(PlanPart.Kind.RESEARCH)
        outcome = VERSIONS.get(version)
        sent = version.format(v=part.version, next=part.version + 1) if outcome else version
        headers = {"X-Autosave": "1"} if autosave else {}
        response = client_for(owner).post(
            f"/plans/{plan.pk}/steps/1/", {"version": sent, "age": age}, headers=headers
        )

        assert_not_server_error(response)
        after = PlanPart.objects.get(pk=part.pk)
        if outcome == "saved":
            assert response.status_code == (200 if autosave else 302)
            assert after.version == part.version + 1
            assert after.data["age"] == age.strip()
            return
        if outcome == "conflict":
            assert response.status_code == 409
        elif outcome == "refused":
            assert response.status_code == (400 if autosave else 200)
        else:
            assert response.status_code in ((200, 400, 409) if autosave else (200, 302, 409))
        if after.version == part.version:
            assert after.data == part.data
            if not autosave:  # the text is on the page again
                assert submittable(response)["age"] == [age]


COUNTS = {str(n): n for n in range(-3, 56)}
COUNTS.update({" 2 ": 2, "2.0": 2, "+2": 2, "1050": 1050, "1051": 1051, HUGE_NUMBER: 10**30})
COUNTS.update({"": INVALID, "abc": INVALID, "1.5": INVALID, "\x00": INVALID, "2e1": INVALID})
# Small enough that a refused page stays quick; a huge count is an explicit example below.
DRAWN_COUNTS = sorted(key for key, value in COUNTS.items() if value is INVALID or value < 60)
MAX_ROWS = 50  # planner.forms.list_formset's max_num


@hostile_settings(max_examples=25)
@given(
    total=st.one_of(st.sampled_from(DRAWN_COUNTS), short_hostile_text),
    initial=st.one_of(st.sampled_from(DRAWN_COUNTS), short_hostile_text),
)
@example(total=HUGE_NUMBER, initial="0")
@example(total="-3", initial="0")
@example(total="3", initial="3")
def test_list_management_forms_never_fail(owner, plan, choices, total, initial):
    rows = [
        {"name": "Amina", "kind": "ngo", "role": "", "contact": "", "objective_agreed": False},
        {"name": "Бакыт", "kind": "media", "role": "", "contact": "", "objective_agreed": True},
    ]
    data = {"version": "0", "stakeholders-TOTAL_FORMS": total}
    data["stakeholders-INITIAL_FORMS"] = initial
    for index, row in enumerate(rows):
        data[f"stakeholders-{index}-name"] = row["name"]
        data[f"stakeholders-{index}-kind"] = row["kind"]
        if row["objective_agreed"]:
            data[f"stakeholders-{index}-objective_agreed"] = "on"
    data["stakeholders-2-kind"] = ""  # the empty row, as the page sends it
    total_count, initial_count = COUNTS.get(total), COUNTS.get(initial)
    if INVALID in (total_count, initial_count):
        outcome = "refused"
    elif total_count is None or initial_count is None:
        outcome = None  # not said here
    else:
        forms_built = min(total_count, MAX_ROWS + 1000)  # Django's absolute_max
        too_many = forms_built > MAX_ROWS or total_count > MAX_ROWS + 1000
        # Rows below INITIAL_FORMS may not be left empty; the third row is empty.
        empty_initial_row = forms_built >= 3 and initial_count >= 3
        outcome = "refused" if too_many or empty_initial_row else "saved"
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(PlanPart.Kind.STAKEHOLDERS)
        response = client_for(owner).post(f"/plans/{plan.pk}/steps/2/", data)

        assert_not_server_error(response)
        after = PlanPart.objects.get(pk=part.pk)
        if outcome == "refused":
            assert response.status_code == 200
            assert 'id="error-summary"' in page(response)
        if outcome == "saved":
            assert response.status_code == 302
            assert after.data["stakeholders"] == rows[: max(0, min(forms_built, 2))]
        if response.status_code == 200:
            assert after.version == part.version
            # A refused list is shown again, but never with more rows than it may hold.
            rows_shown = len(re.findall(r'name="stakeholders-\d+-name"', page(response)))
            assert rows_shown <= MAX_ROWS + 1
