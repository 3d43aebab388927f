import stat

import pytest
from django.core.management import call_command

from planner.models import InitiativePlan, PlanPart
from toolkit.models import Page, Section

# Backups read committed data (pg_dump is another process): these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_wipe_restore_keeps_every_plan_version_and_content_row(tmp_path, django_user_model):
    call_command("load_content", verbosity=0)
    user = django_user_model.objects.create_user("keeper")
    plan = InitiativePlan.objects.create(owner=user, title="Кешбэк 🌱 plan")
    part = plan.part(PlanPart.Kind.RESEARCH)
    part.save_edit({"age": "18-25"}, part.version, user)
    part.save_edit({"age": "16-30"}, part.version, user)
    before = {
        "sections": Section.objects.count(),
        "pages": Page.objects.count(),
        "versions": part.history.count(),
    }

    target = tmp_path / "backup"
    call_command("backup_database", str(target), verbosity=0)
    assert target.stat().st_size > 0

    InitiativePlan.objects.all().delete()
    Page.objects.all().delete()
    PlanPart.history.all().delete()
    assert not InitiativePlan.objects.exists()

    call_command("restore_database", str(target), yes=True, verbosity=0)
    restored = InitiativePlan.objects.get(pk=plan.pk)
    assert restored.title == "Кешбэк 🌱 plan"
    assert restored.parts.get().data == {"age": "16-30"}
    assert restored.parts.get().history.count() == before["versions"]
    assert Section.objects.count() == before["sections"]
    assert Page.objects.count() == before["pages"]


def test_restore_refuses_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No backup"):
        call_command("restore_database", str(tmp_path / "nothing"), yes=True)


def test_a_backup_is_readable_by_its_owner_only(tmp_path, django_user_model):
    django_user_model.objects.create_user("keeper", password="a-secret-password")
    target = tmp_path / "new-folder" / "backup"
    old = tmp_path / "old-backup"
    old.write_bytes(b"")
    old.chmod(0o644)
    for path in (target, old):
        call_command("backup_database", str(path), verbosity=0)
        assert path.stat().st_size > 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
