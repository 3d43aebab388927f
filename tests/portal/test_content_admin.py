import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from annexes.models import TaggedTopic
from portal.content import CONTENT_APPS
from toolkit import models

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [m for m in admin.site._registry if m._meta.app_label in CONTENT_APPS]
# Edited through the Topic form's tags field, not on a page of its own.
THROUGH_MODELS = {TaggedTopic}


@pytest.mark.parametrize("app_label", CONTENT_APPS)
def test_every_content_model_is_in_the_admin(app_label):
    models_of_app = set(apps.get_app_config(app_label).get_models()) - THROUGH_MODELS
    assert models_of_app <= set(CONTENT_MODELS)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_staff_open_each_list_and_change_page(client, all_content, staff_user, model):
    client.force_login(staff_user)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist + "?q=gender").status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_anyone_else_is_sent_to_log_in(client, plain_user, model, db):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    anonymous = client.get(changelist)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(plain_user)
    not_staff = client.get(changelist)
    assert not_staff.status_code == 302 and "/admin/login/" in not_staff["Location"]


def test_a_section_shows_the_inline_of_its_kind(client, all_content, staff_user):
    client.force_login(staff_user)
    section = models.Section.objects.get(slug="recommendations")
    html = client.get(reverse("admin:toolkit_section_change", args=[section.pk])).content.decode()
    assert "recommendations-TOTAL_FORMS" in html
    assert "reasons-TOTAL_FORMS" not in html


def test_an_admin_edit_appears_on_the_page(client, all_content, staff_user):
    client.force_login(staff_user)
    recommendation = models.Recommendation.objects.get(number=3)
    url = reverse("admin:toolkit_recommendation_change", args=[recommendation.pk])
    response = client.post(
        url,
        {
            "section": recommendation.section_id,
            "number": 3,
            "order": recommendation.order,
            # Each language's column is a field of its own (django-modeltranslation).
            "title_en": recommendation.title_en,
            "do_text_en": "Use online formats, edited by an admin.",
            "dont_text_en": recommendation.dont_text_en,
            "title_ru": recommendation.title_ru,
            "do_text_ru": recommendation.do_text_ru,
            "dont_text_ru": recommendation.dont_text_ru,
        },
    )
    assert response.status_code == 302
    assert "Use online formats, edited by an admin." in client.get("/toolkit/act/").content.decode()
