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


def test_the_whole_toolkit_downloads_as_one_file_in_the_readers_language(client, all_content):
    from annexes.models import Annex
    from toolkit.models import Page

    response = client.get("/ru/toolkit/download/")
    assert response["Content-Disposition"] == (
        'attachment; filename="engaging-young-men-toolkit-ru.html"'
    )
    assert "'unsafe-inline'" in response["Content-Security-Policy"]  # its own <style>, only here
    html = response.content.decode()
    assert html.startswith("<!doctype html>") and '<html lang="ru">' in html
    assert "<link" not in html and "<script" not in html  # nothing else to fetch
    titles = [page.title_ru for page in Page.objects.steps()]
    titles += [Page.objects.get(slug="further-reading").title_ru]
    titles += [annex.title_ru for annex in Annex.objects.all()]
    titles += [topic.title_ru for topic in Topic.objects.all()]
    assert all(title in html for title in titles)
    positions = [html.index(title) for title in titles[:4]]
    assert positions == sorted(positions)  # THINK, PLAN, ACT, further reading
    assert 'id="fn-1"' in html  # the notes come along
    assert 'href="#fn-1"' in html  # links within the file stay in the file
    assert 'href="http://testserver/ru/toolkit/plan/' in html  # others lead to the portal
    assert 'href="/' not in html
    assert "'unsafe-inline'" not in client.get("/ru/").get("Content-Security-Policy")


def test_every_page_offers_the_download(client, all_content):
    assert (
        'href="/ru/toolkit/download/" download' in client.get("/ru/toolkit/act/").content.decode()
    )
