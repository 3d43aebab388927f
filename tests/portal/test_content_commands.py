import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from toolkit.models import Page, Recommendation, Section

pytestmark = pytest.mark.django_db


def test_load_content_fills_an_empty_database(db):
    call_command("load_content", verbosity=0)
    assert Page.objects.count() == 6
    assert Recommendation.objects.count() == 8


def test_load_content_twice_neither_duplicates_nor_overwrites(db):
    call_command("load_content", verbosity=0)
    count = Section.objects.count()
    Section.objects.filter(slug="your-context").update(body="Edited in the admin.")
    call_command("load_content", verbosity=0)
    assert Section.objects.count() == count
    assert Section.objects.get(slug="your-context").body == "Edited in the admin."


def test_reset_content_restores_the_fixtures(db):
    call_command("load_content", verbosity=0)
    Section.objects.filter(slug="your-context").update(body="Edited in the admin.")
    Page.objects.create(slug="extra", title="Extra", nav_label="Extra")
    call_command("reset_content", yes=True, verbosity=0)
    assert Section.objects.get(slug="your-context").body != "Edited in the admin."
    assert not Page.objects.filter(slug="extra").exists()


def test_reset_content_asks_first(db, monkeypatch):
    call_command("load_content", verbosity=0)
    Section.objects.filter(slug="your-context").update(body="Edited in the admin.")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        call_command("reset_content")
    assert Section.objects.get(slug="your-context").body == "Edited in the admin."


def test_dump_content_writes_edits_back_to_the_fixture(db, tmp_path, monkeypatch):
    monkeypatch.setattr(
        "portal.management.commands.dump_content.fixture_path",
        lambda app: tmp_path / f"{app}.json",
    )
    call_command("load_content", verbosity=0)
    Section.objects.filter(slug="your-context").update(body="Edited in the admin.")
    call_command("dump_content", verbosity=0)
    rows = json.loads((tmp_path / "toolkit.json").read_text())
    bodies = [row["fields"].get("body") for row in rows if row["model"] == "toolkit.section"]
    assert "Edited in the admin." in bodies
