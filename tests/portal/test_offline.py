"""The offline reader's parts: the service worker, the list of pages it keeps, the manifest."""

import json

import pytest

from annexes.models import Topic
from core.page_cache import content_changed

pytestmark = pytest.mark.django_db


def test_the_worker_is_script_named_after_the_content_stamp(client, all_content):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    before = response.content.decode()
    assert 'const OFFLINE_PAGES = {"en": "/offline/", "ru": "/ru/offline/"}' in before
    content_changed()  # an admin's edit
    assert client.get("/sw.js").content.decode() != before


def test_it_keeps_the_toolkit_the_annexes_and_every_topic_of_the_language(client, all_content):
    listed = client.get("/ru/offline/pages.json").json()
    pages = listed["pages"]
    for path in (
        "/ru/",
        "/ru/toolkit/think/",
        "/ru/toolkit/plan/",
        "/ru/toolkit/act/",
        "/ru/toolkit/further-reading/",
        "/ru/annexes/socio-ecological-model/",
        "/ru/annexes/topics/",
        "/ru/offline/",
    ):
        assert path in pages
    topics = [
        f"/ru/annexes/topics/{slug}/" for slug in Topic.objects.values_list("slug", flat=True)
    ]
    assert set(topics) <= set(pages)
    assert all(page.startswith("/ru/") and "/plans/" not in page for page in pages)
    assert any(url.endswith(".css") for url in listed["static"])
    assert any("offline" in url and url.endswith(".js") for url in listed["static"])
    assert all(client.get(page).status_code == 200 for page in pages)


def test_the_manifest_names_the_portal_in_the_readers_language(client, db):
    response = client.get("/ru/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/ru/"
    assert manifest["short_name"] == "Портал для фасилитаторов"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_pages_link_the_manifest_and_may_run_the_worker(client, all_content):
    response = client.get("/ru/toolkit/think/")
    html = response.content.decode()
    assert '<link rel="manifest" href="/ru/manifest.webmanifest">' in html
    assert 'data-worker="/sw.js" data-pages="/ru/offline/pages.json"' in html
    assert "worker-src 'self'" in response["Content-Security-Policy"]


def test_the_offline_page_says_what_still_works(client, all_content):
    html = client.get("/ru/offline/").content.decode()
    assert "Нет подключения к интернету" in html
    assert 'href="/ru/annexes/topics/"' in html
