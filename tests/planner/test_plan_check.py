"""The plan self-check (planner/check.py, /plans/<uuid>/check/): its rules on the example plan
and on a deliberately weak one, the toolkit passages they cite, acknowledging a finding with a
reason, and who may do what."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from planner import selectors, services
from planner.check import RULES, RULES_BY_KEY
from planner.models import CheckAcknowledgement, InitiativePlan, PlanPart
from tests.pages import client_for
from toolkit import models as toolkit

pytestmark = pytest.mark.django_db

Kind = PlanPart.Kind

# A plan that strays from the toolkit in every way the check knows.
WEAK = {
    Kind.STAKEHOLDERS: {
        "stakeholders": [
            {"name": "A blogger", "kind": "influencer", "objective_agreed": False},
            {"name": "The town's school", "kind": "educator", "objective_agreed": False},
        ]
    },
    Kind.STRATEGY: {
        "objectives": "Tell young men about equality.",
        "outcomes": "",
        "timeline": "",
        "methods": ["training", "media_campaign"],
        "levels": ["individual"],
        "participatory": "",
        "inclusive": "Free entry.",
        "gender_transformative": "",
        "one_off": True,
    },
    Kind.CHALLENGES: {
        "resistance_reasons": [1],
        "resistance_approach": "",
        "accountability_organisations": "",
        "referrals": [],
    },
}
WEAK_FINDINGS = [
    "one-off-event",
    "one-way-methods",
    "influencers-without-evaluation",
    "one-level-only",
    "no-womens-rights-organisation",
    "no-objective-agreed",
    "no-referral-list",
    "resistance-without-approach",
    "objectives-without-outcomes",
    "approach-unanswered",
]


def make_plan(owner, parts, network=None):
    plan = InitiativePlan.objects.create(owner=owner, title="Football talks", network=network)
    for kind, data in parts.items():
        PlanPart.objects.create(plan=plan, kind=kind, data=data)
    return plan


def check_of(plan, with_passages=True):
    return selectors.plan_check(InitiativePlan.objects.get(pk=plan.pk), with_passages)


def check_url(plan):
    return reverse("planner:plan_check", kwargs={"plan_id": plan.pk})


@pytest.fixture
def weak_plan(owner, network):
    return make_plan(owner, WEAK, network)


@pytest.fixture
def example_plan(all_content):
    call_command("load_example_plan", verbosity=0)
    return InitiativePlan.objects.examples().get(language="en")


# --- The rules --------------------------------------------------------------------------------


def test_a_weak_plan_gets_every_finding_each_citing_its_toolkit_passage(toolkit_content, weak_plan):
    result = check_of(weak_plan)
    assert [finding.rule.key for finding in result.findings] == WEAK_FINDINGS
    cited = {
        finding.rule.key: getattr(finding.passage.record, finding.passage.field)
        for finding in result.findings
    }
    # The toolkit's own words, read from its data.
    assert cited["one-off-event"].startswith("Limit efforts to one-off events")
    assert "combine different methods such as trainings, discussions" in cited["one-way-methods"]
    assert cited["influencers-without-evaluation"].startswith("Rely solely on influencers")
    assert "multilayered work at various levels" in cited["one-level-only"]
    assert "women's rights organizations" in cited["no-womens-rights-organisation"]
    assert "common understanding of the objective" in cited["no-objective-agreed"]
    assert "list of possible support services" in cited["no-referral-list"]
    assert "best not to ignore it" in cited["resistance-without-approach"]
    assert cited["objectives-without-outcomes"].startswith("Define objectives and outcomes")
    assert "participatory, inclusive" in cited["approach-unanswered"]


def test_each_finding_names_the_fields_to_fix(toolkit_content, weak_plan):
    findings = {finding.rule.key: finding for finding in check_of(weak_plan).findings}
    assert findings["objectives-without-outcomes"].fields == [
        ("Expected outcomes", "#id_outcomes"),
        ("Timeline", "#id_timeline"),
    ]
    assert findings["approach-unanswered"].fields == [
        ("How the approach is participatory", "#id_participatory"),
        ("How the approach is gender-transformative", "#id_gender_transformative"),
    ]
    assert findings["one-way-methods"].fields == [("Methods", "#id_methods_0")]
    assert findings["no-referral-list"].fields == [
        ("Support services for referrals", "#referrals-rows")
    ]
    assert findings["one-off-event"].step_url == f"/plans/{weak_plan.pk}/steps/4/"
    assert findings["no-referral-list"].step_url == f"/plans/{weak_plan.pk}/challenges/"


def test_the_example_plan_passes_every_check(example_plan):
    result = check_of(example_plan)
    assert result.findings == []
    assert result.not_checked == []
    assert len(result.passed) == len(RULES)


@pytest.mark.parametrize(
    "kind, change, finding",
    [
        (Kind.STRATEGY, {"one_off": True}, "one-off-event"),
        (
            Kind.STRATEGY,
            {"methods": ["social_media_campaign"], "other_methods": ""},
            "one-way-methods",
        ),
        (Kind.STRATEGY, {"levels": ["community"]}, "one-level-only"),
        (Kind.STRATEGY, {"timeline": ""}, "objectives-without-outcomes"),
        (Kind.STRATEGY, {"inclusive": "  "}, "approach-unanswered"),
        (Kind.CHALLENGES, {"referrals": []}, "no-referral-list"),
        (Kind.CHALLENGES, {"resistance_approach": ""}, "resistance-without-approach"),
    ],
)
def test_one_change_to_the_example_gives_one_finding(example_plan, owner, kind, change, finding):
    copy = example_plan.duplicate(owner)
    part = copy.parts.get(kind=kind)
    part.data = {**part.data, **change}
    part.save()
    assert [f.rule.key for f in check_of(copy).findings] == [finding]


def test_other_methods_or_a_dialogue_make_the_methods_more_than_one_way(toolkit_content, owner):
    def findings(strategy):
        plan = make_plan(owner, {Kind.STRATEGY: {"objectives": "x", **strategy}})
        return {finding.rule.key for finding in check_of(plan, False).findings}

    assert "one-way-methods" in findings({"methods": ["training"]})
    assert "one-way-methods" not in findings({"methods": ["training", "dialogue_group"]})
    assert "one-way-methods" not in findings({"methods": ["training"], "other_methods": "Games"})
    assert "one-way-methods" not in findings({"methods": []})


def test_a_womens_rights_organisation_in_either_place_is_enough(toolkit_content, owner):
    def findings(parts):
        return {finding.rule.key for finding in check_of(make_plan(owner, parts), False).findings}

    rule = "no-womens-rights-organisation"
    assert rule in findings({Kind.CHALLENGES: {"accountability_check_ins": "Monthly"}})
    assert rule not in findings(
        {Kind.CHALLENGES: {"accountability_organisations": "The women's centre"}}
    )
    stakeholder = {"name": "Women's centre", "kind": "womens_rights", "objective_agreed": True}
    assert rule not in findings({Kind.STAKEHOLDERS: {"stakeholders": [stakeholder]}})


def test_influencers_with_a_way_to_evaluate_are_fine(toolkit_content, owner):
    influencer = {"name": "A blogger", "kind": "influencer", "objective_agreed": True}
    plan = make_plan(
        owner,
        {
            Kind.STAKEHOLDERS: {"stakeholders": [influencer]},
            Kind.STRATEGY: {"evaluation": "We count reposts and ask the men in the groups."},
        },
    )
    assert "influencers-without-evaluation" not in {f.rule.key for f in check_of(plan).findings}


def test_an_empty_row_is_no_entry(toolkit_content, owner):
    empty_row = {"name": "", "kind": "", "row_id": ""}
    plan = make_plan(
        owner, {Kind.CHALLENGES: {"referrals": [empty_row], "resistance_approach": "Talk"}}
    )
    assert "no-referral-list" in {f.rule.key for f in check_of(plan).findings}


def test_a_new_plan_is_not_checked_yet(toolkit_content, owner):
    plan = InitiativePlan.objects.create(owner=owner, title="Just started")
    result = check_of(plan)
    assert result.findings == result.passed == []
    assert result.not_checked == RULES
    client = client_for(owner)
    assert "Nothing to check yet" in client.get(check_url(plan)).content.decode()


def test_odd_saved_data_is_read_as_empty(toolkit_content, owner):
    # Data edited in the admin may have any shape; the check never fails on it.
    plan = make_plan(
        owner,
        {
            Kind.STAKEHOLDERS: {"stakeholders": "nobody", "notes": "x"},
            Kind.STRATEGY: {"methods": "training", "levels": {"a": 1}, "objectives": 5},
            Kind.CHALLENGES: {"referrals": [None, 3, {"name": 7}], "resistance_reasons": "1"},
        },
    )
    assert client_for(owner).get(check_url(plan)).status_code == 200


# --- The toolkit's words ----------------------------------------------------------------------


def test_editing_the_cited_text_in_the_admin_changes_the_finding(
    client, all_content, staff_user, weak_plan, owner
):
    recommendation = toolkit.Recommendation.objects.get(key="comprehensive-interventions")
    client.force_login(staff_user)
    url = reverse("admin:toolkit_recommendation_change", args=[recommendation.pk])
    response = client.post(
        url,
        {
            "section": recommendation.section_id,
            "number": recommendation.number,
            "order": recommendation.order,
            "title_en": recommendation.title_en,
            "do_text_en": recommendation.do_text_en,
            "dont_text_en": "Hold one evening and call it done, as edited by an admin.",
            "title_ru": recommendation.title_ru,
            "do_text_ru": recommendation.do_text_ru,
            "dont_text_ru": recommendation.dont_text_ru,
        },
    )
    assert response.status_code == 302
    page = client_for(owner).get(check_url(weak_plan)).content.decode()
    assert "Hold one evening and call it done, as edited by an admin." in page
    assert "Limit efforts to one-off events" not in page


def test_the_check_reads_in_russian_with_the_toolkits_russian(all_content, weak_plan, owner):
    recommendation = toolkit.Recommendation.objects.get(key="opinion-leaders")
    assert recommendation.dont_text_ru
    page = client_for(owner).get("/ru" + check_url(weak_plan)).content.decode()
    assert '<html lang="ru"' in page
    assert recommendation.dont_text_ru.split("\n")[0][:40] in page
    assert "Influencers take part" not in page  # the finding's own words are translated too


def test_a_passage_whose_key_is_gone_leaves_the_finding_without_a_quote(
    toolkit_content, weak_plan, owner
):
    toolkit.Recommendation.objects.filter(key="opinion-leaders").update(key="")
    findings = {f.rule.key: f for f in check_of(weak_plan).findings}
    assert findings["influencers-without-evaluation"].passage is None
    assert client_for(owner).get(check_url(weak_plan)).status_code == 200


def test_the_check_page_costs_the_same_queries_with_more_acknowledgements(
    toolkit_content, weak_plan, owner, django_assert_max_num_queries
):
    client = client_for(owner)
    client.get(check_url(weak_plan))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(check_url(weak_plan))
    for rule in WEAK_FINDINGS[:6]:
        services.acknowledge_finding(plan=weak_plan, rule_key=rule, reason="Because.", by=owner)
    with CaptureQueriesContext(connection) as later:
        client.get(check_url(weak_plan))
    assert len(later) == len(first)


# --- Acknowledging a finding ------------------------------------------------------------------


def acknowledge(client, plan, rule, reason):
    url = reverse("planner:finding_acknowledge", kwargs={"plan_id": plan.pk, "rule": rule})
    return client.post(url, {"reason": reason})


def test_an_editor_acknowledges_a_finding_with_a_reason(toolkit_content, weak_plan, editor):
    client = client_for(editor)
    response = acknowledge(client, weak_plan, "one-level-only", "Our partners work at the others.")
    assert response.status_code == 302
    assert response["Location"].endswith("#finding-one-level-only")
    result = check_of(weak_plan)
    assert "one-level-only" not in [f.rule.key for f in result.findings]
    [kept] = result.acknowledged
    assert kept.acknowledgement.reason == "Our partners work at the others."
    assert kept.acknowledgement.acknowledged_by == editor
    page = client.get(check_url(weak_plan)).content.decode()
    assert "Our partners work at the others." in page
    summary = client.get(weak_plan.get_absolute_url()).content.decode()
    assert "1 finding is acknowledged with a reason." in summary


def test_an_empty_reason_is_refused_beside_its_finding_and_the_text_kept(
    toolkit_content, weak_plan, editor
):
    response = acknowledge(client_for(editor), weak_plan, "one-level-only", "   ")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why the plan keeps this, so your team knows." in page
    assert 'id="reason-one-level-only"' in page and 'aria-invalid="true"' in page
    assert not CheckAcknowledgement.objects.exists()
    too_long = "x" * 1001
    response = acknowledge(client_for(editor), weak_plan, "one-level-only", too_long)
    assert response.status_code == 400
    assert too_long in response.content.decode()


def test_a_second_acknowledgement_does_not_overwrite_the_first(
    toolkit_content, weak_plan, editor, owner
):
    acknowledge(client_for(editor), weak_plan, "one-level-only", "The editor's reason.")
    client = client_for(owner)
    response = acknowledge(client, weak_plan, "one-level-only", "The owner's reason.")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Someone acknowledged this finding in the meantime" in page
    assert CheckAcknowledgement.objects.get().reason == "The editor's reason."


def test_withdrawing_opens_the_finding_again_and_history_keeps_both(
    toolkit_content, weak_plan, editor, owner
):
    acknowledge(client_for(editor), weak_plan, "one-off-event", "A pilot evening first.")
    acknowledgement = CheckAcknowledgement.objects.get()
    url = reverse(
        "planner:finding_withdraw",
        kwargs={"plan_id": weak_plan.pk, "acknowledgement_id": acknowledgement.pk},
    )
    client = client_for(owner)
    assert client.post(url).status_code == 302
    assert "one-off-event" in [f.rule.key for f in check_of(weak_plan).findings]
    # Withdrawing what is already gone says so and removes nothing else.
    acknowledge(client_for(editor), weak_plan, "one-off-event", "Second thoughts.")
    page = client.get(client.post(url)["Location"]).content.decode()
    assert "This acknowledgement was already withdrawn." in page
    assert CheckAcknowledgement.objects.get().reason == "Second thoughts."
    history = selectors.acknowledgement_history(weak_plan)
    assert [(event.withdrawn, event.record.history_user) for event in history] == [
        (False, editor),
        (True, owner),
        (False, editor),
    ]
    page = client.get(check_url(weak_plan)).content.decode()
    assert (
        "withdrew the acknowledgement of the finding" in page and "A pilot evening first." in page
    )


def test_deleting_the_plan_erases_its_acknowledgements_and_their_history(
    toolkit_content, weak_plan, owner
):
    services.acknowledge_finding(plan=weak_plan, rule_key="one-off-event", reason="R", by=owner)
    weak_plan.delete()
    assert not CheckAcknowledgement.history.exists()


def test_acknowledging_a_deleted_plan_says_so(toolkit_content, weak_plan, owner):
    InitiativePlan.objects.filter(pk=weak_plan.pk).delete()
    outcome = services.acknowledge_finding(
        plan=weak_plan, rule_key="one-off-event", reason="R", by=owner
    )
    assert outcome.gone and not outcome.done


def test_an_unknown_finding_is_404(toolkit_content, weak_plan, owner):
    assert acknowledge(client_for(owner), weak_plan, "no-such-rule", "R").status_code == 404


def test_rule_keys_are_unique_and_fit_the_column():
    assert len(RULES_BY_KEY) == len(RULES)
    column = CheckAcknowledgement._meta.get_field("rule").max_length
    assert all(len(key) <= column for key in RULES_BY_KEY)


# --- Who may do what --------------------------------------------------------------------------

READ = {"anonymous": "login", "outsider": 404, "staff": 404, "viewer": 200, "editor": 200}
READ |= {"organiser": 200, "owner": 200}
WRITE = {"anonymous": "login", "outsider": 404, "staff": 404, "viewer": 403, "editor": 302}
WRITE |= {"organiser": 302, "owner": 302}


def answer(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.mark.parametrize("who", READ)
def test_who_reads_the_check(toolkit_content, weak_plan, cast, who):
    response = client_for(cast[who]).get(check_url(weak_plan))
    assert answer(response) == READ[who]
    if READ[who] == 200:
        page = response.content.decode()
        assert 'id="finding-one-off-event"' in page
        # Only those who may change the plan get the forms, and links to the step's fields.
        can_edit = who in ("editor", "organiser", "owner")
        assert ('name="reason"' in page) is can_edit
        assert (f"/plans/{weak_plan.pk}/steps/4/#id_one_off" in page) is can_edit
        assert (f"/plans/{weak_plan.pk}/#part-strategy" in page) is not can_edit


@pytest.mark.parametrize("who", WRITE)
def test_who_acknowledges(toolkit_content, weak_plan, cast, who):
    response = acknowledge(client_for(cast[who]), weak_plan, "one-off-event", "A reason.")
    assert answer(response) == WRITE[who]
    assert CheckAcknowledgement.objects.exists() is (WRITE[who] == 302)


@pytest.mark.parametrize("who", WRITE)
def test_who_withdraws(toolkit_content, weak_plan, cast, owner, who):
    services.acknowledge_finding(plan=weak_plan, rule_key="one-off-event", reason="R", by=owner)
    acknowledgement = CheckAcknowledgement.objects.get()
    url = reverse(
        "planner:finding_withdraw",
        kwargs={"plan_id": weak_plan.pk, "acknowledgement_id": acknowledgement.pk},
    )
    assert answer(client_for(cast[who]).post(url)) == WRITE[who]
    assert CheckAcknowledgement.objects.exists() is (WRITE[who] != 302)


def test_an_acknowledgement_of_another_plan_cannot_be_withdrawn_here(
    toolkit_content, weak_plan, owner, make_user
):
    stranger = make_user("stranger")
    theirs = make_plan(stranger, WEAK)
    services.acknowledge_finding(plan=theirs, rule_key="one-off-event", reason="R", by=stranger)
    url = reverse(
        "planner:finding_withdraw",
        kwargs={
            "plan_id": weak_plan.pk,
            "acknowledgement_id": CheckAcknowledgement.objects.get().pk,
        },
    )
    client_for(owner).post(url)
    assert CheckAcknowledgement.objects.filter(plan=theirs).exists()


def test_everyone_reads_the_examples_check_and_no_one_acknowledges(example_plan, owner):
    assert client_for().get(check_url(example_plan)).status_code == 200
    page = client_for(owner).get(check_url(example_plan)).content.decode()
    assert 'name="reason"' not in page
    assert acknowledge(client_for(owner), example_plan, "one-off-event", "R").status_code == 403


def test_the_plan_page_summarises_the_findings(toolkit_content, weak_plan, viewer):
    page = client_for(viewer).get(weak_plan.get_absolute_url()).content.decode()
    assert "10 findings to look at:" in page
    assert f'href="{check_url(weak_plan)}#finding-one-off-event"' in page


def test_operators_see_the_reasons_with_the_plan_in_the_admin(
    toolkit_content, weak_plan, make_user
):
    from django.contrib.auth.models import Permission

    services.acknowledge_finding(
        plan=weak_plan, rule_key="one-off-event", reason="A pilot first.", by=weak_plan.owner
    )
    operator = make_user("operator", is_staff=True)
    operator.user_permissions.set(
        Permission.objects.filter(codename__in=["inspect_plan", "view_initiativeplan"])
    )
    url = reverse("admin:planner_initiativeplan_change", args=[weak_plan.pk])
    assert "A pilot first." in client_for(operator).get(url).content.decode()


def test_a_question_not_reached_yet_is_waiting_not_passed(toolkit_content, owner):
    plan = make_plan(owner, {Kind.STRATEGY: {"timeline": "Spring"}})
    states = dict((rule.key, state) for rule, state in check_of(plan).states)
    # No level or method ticked, no objective written: nothing to say yet.
    assert states["one-level-only"] == "waiting"
    assert states["one-way-methods"] == "waiting"
    assert states["objectives-without-outcomes"] == "waiting"
    assert states["one-off-event"] == "passed"
    assert states["approach-unanswered"] == "finding"
    page = client_for(owner).get(check_url(plan)).content.decode()
    assert "Levels of the socio-ecological model:" in page
    assert "not checked yet: the step has no answer to it" in page


def test_a_recommendations_column_is_said_before_its_words(toolkit_content, weak_plan, owner):
    page = client_for(owner).get(check_url(weak_plan)).content.decode()
    finding = page[page.index('id="finding-one-off-event"') :]
    finding = finding[: finding.index("</li>")]
    assert '<p class="fw-bold mb-1">DON&#x27;T</p>' in finding
    assert "ACT, recommendation 5" in finding
    methods = page[page.index('id="finding-one-way-methods"') :]
    assert '<p class="fw-bold mb-1">DO</p>' in methods[: methods.index("</li>")]


def test_a_finding_the_plan_no_longer_has_cannot_be_acknowledged(toolkit_content, weak_plan, owner):
    part = weak_plan.parts.get(kind=Kind.STRATEGY)
    part.data = {**part.data, "one_off": False}
    part.save()
    client = client_for(owner)
    response = acknowledge(client, weak_plan, "one-off-event", "A stale page's reason.")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "This finding no longer applies to the plan as it is saved now." in page
    assert not CheckAcknowledgement.objects.exists()
