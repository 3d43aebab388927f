"""Issue 9, item 2: the admin shows, per record and language, whether the translation is
missing, a machine-assisted draft, reviewed or stale, and an admin can mark it reviewed."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import TranslationState
from core.translation_state import State, state_of
from portal.content_po import import_po
from toolkit import models

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:toolkit_recommendation_changelist")


def change_url(record):
    return reverse("admin:toolkit_recommendation_change", args=[record.pk])


def make_recommendations(count, russian=True):
    page = models.Page.objects.create(slug="act", title="ACT", nav_label="ACT", order=1)
    section = models.Section.objects.create(page=page, slug="recs", heading="Recommendations")
    return [
        models.Recommendation.objects.create(
            section=section,
            number=n,
            order=n,
            title_en=f"Recommendation {n}",
            do_text_en="Do",
            dont_text_en="Don't",
            title_ru=f"Рекомендация {n}" if russian else None,
        )
        for n in range(1, count + 1)
    ]


def fresh(record):
    return type(record).objects.get(pk=record.pk)


def mark_reviewed(client, records, language="ru"):
    return client.post(
        CHANGELIST,
        {
            "action": f"mark_reviewed_{language}",
            "_selected_action": [record.pk for record in records],
            "index": 0,
        },
    )


def form_data(record, **changes):
    """The change form as a browser sends it back: every language's column of every field."""
    data = {"section": record.section_id, "number": record.number, "order": record.order}
    for field in ("title", "do_text", "dont_text"):
        for language in ("en", "ru", "kk", "ky", "tg", "tk", "uz"):
            name = f"{field}_{language}"
            data[name] = getattr(record, name) or ""
    return {**data, **changes}


def test_the_shipped_russian_is_a_machine_assisted_draft_and_kazakh_untranslated(
    client, all_content, staff_user
):
    section = models.Section.objects.exclude(heading_ru="").exclude(heading_ru=None).first()
    assert state_of(section, "ru")[0] == State.DRAFT
    assert state_of(section, "kk")[0] == State.UNTRANSLATED
    assert TranslationState.objects.filter(language="ru").exists()  # recorded by the import

    client.force_login(staff_user)
    listing = client.get(reverse("admin:toolkit_section_changelist")).content.decode()
    assert "RU: machine-assisted draft" in listing
    assert "KK:" not in listing  # a language nothing is translated into stays out of the list
    form = client.get(reverse("admin:toolkit_section_change", args=[section.pk])).content.decode()
    assert '<th scope="row">Russian</th><td>machine-assisted draft</td>' in form
    assert '<th scope="row">Kazakh</th><td>untranslated</td>' in form


def test_a_changed_english_text_turns_its_russian_translation_stale(
    client, all_content, staff_user
):
    recommendation = models.Recommendation.objects.get(number=3)
    client.force_login(staff_user)
    response = client.post(
        change_url(recommendation),
        form_data(recommendation, do_text_en="Use online formats, edited by an admin."),
    )
    assert response.status_code == 302
    assert state_of(fresh(recommendation), "ru")[0] == State.STALE
    listing = client.get(CHANGELIST).content.decode()
    assert listing.count("RU: stale") == 1


def test_an_admin_marks_translations_reviewed_and_they_go_stale_when_the_english_changes(
    client, staff_user
):
    first, second, untranslated = make_recommendations(3)
    models.Recommendation.objects.filter(pk=untranslated.pk).update(title_ru=None)
    client.force_login(staff_user)

    response = mark_reviewed(client, [first, second, untranslated])
    assert response.status_code == 302
    state, stored = state_of(fresh(first), "ru")
    assert state == State.REVIEWED
    assert stored.reviewed_by == staff_user and stored.reviewed_at is not None
    assert state_of(fresh(untranslated), "ru")[0] == State.UNTRANSLATED  # nothing to review
    assert "RU: reviewed" in client.get(CHANGELIST).content.decode()

    models.Recommendation.objects.filter(pk=second.pk).update(title_en="A new English title")
    assert state_of(fresh(second), "ru")[0] == State.STALE
    assert state_of(fresh(first), "ru")[0] == State.REVIEWED


def test_the_change_form_saves_and_marks_one_record_reviewed(client, staff_user):
    recommendation, other = make_recommendations(2)
    client.force_login(staff_user)
    url = change_url(recommendation)
    assert 'name="_mark_reviewed" value="ru"' in client.get(url).content.decode()
    assert 'value="kk"' not in client.get(url).content.decode()  # nothing in Kazakh to review

    response = client.post(url, form_data(recommendation, _mark_reviewed="ru"))
    assert response.status_code == 302 and response["Location"] == url
    assert state_of(fresh(recommendation), "ru")[0] == State.REVIEWED
    assert state_of(fresh(other), "ru")[0] == State.DRAFT


def test_a_human_edit_of_the_russian_is_a_draft_again(client, staff_user):
    (recommendation,) = make_recommendations(1)
    client.force_login(staff_user)
    mark_reviewed(client, [recommendation])
    assert state_of(fresh(recommendation), "ru")[0] == State.REVIEWED

    client.post(change_url(recommendation), form_data(recommendation))  # nothing changed
    assert state_of(fresh(recommendation), "ru")[0] == State.REVIEWED
    client.post(change_url(recommendation), form_data(recommendation, title_ru="Другой текст"))
    state, stored = state_of(fresh(recommendation), "ru")
    assert state == State.DRAFT and stored.reviewed_by is None


def test_only_those_who_may_change_content_mark_it_reviewed(client, plain_user, django_user_model):
    (recommendation,) = make_recommendations(1)
    client.force_login(plain_user)
    response = mark_reviewed(client, [recommendation])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_recommendation"))
    client.force_login(viewer)
    listing = client.get(CHANGELIST).content.decode()
    assert "mark_reviewed_ru" not in listing
    mark_reviewed(client, [recommendation])
    assert state_of(fresh(recommendation), "ru")[0] == State.DRAFT
    assert not TranslationState.objects.filter(status=TranslationState.Status.REVIEWED).exists()


def test_the_change_list_reads_all_states_in_one_query(client, staff_user):
    records = make_recommendations(20)
    client.force_login(staff_user)
    mark_reviewed(client, records[::2])
    client.get(CHANGELIST)  # content types cached, as on any later visit

    def list_queries(shown):
        with CaptureQueriesContext(connection) as queries:
            listing = client.get(CHANGELIST).content.decode()
        assert listing.count("RU: reviewed") == listing.count("RU: machine-assisted draft")
        assert listing.count("RU: reviewed") == shown // 2
        states = [q for q in queries.captured_queries if "core_translationstate" in q["sql"]]
        assert len(states) == 1
        return len(queries.captured_queries)

    with_twenty = list_queries(20)
    models.Recommendation.objects.filter(number__gt=2).delete()
    assert list_queries(2) == with_twenty


def test_importing_again_keeps_a_review_of_the_same_english_and_text(
    client, all_content, staff_user
):
    reviewed, edited, changed = models.Recommendation.objects.order_by("number")[:3]
    client.force_login(staff_user)
    mark_reviewed(client, [reviewed, edited, changed])
    models.Recommendation.objects.filter(pk=edited.pk).update(
        title_ru="Правка, которой нет в файле"
    )
    models.Recommendation.objects.filter(pk=changed.pk).update(title_en="A changed English title")

    import_po("ru")
    assert state_of(fresh(reviewed), "ru")[0] == State.REVIEWED
    # The file's text replaced the reviewed one: a draft again.
    assert state_of(fresh(edited), "ru")[0] == State.DRAFT
    # The title's translation, made from the old English, is left out (readers get the English
    # title); the rest of the record is the file's draft.
    changed = fresh(changed)
    assert changed.title_ru is None and changed.do_text_ru
    assert state_of(changed, "ru")[0] == State.DRAFT
