"""Audit entries for a completed password reset and for changes in the Django admin (/beheer/)."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from samen.audit import actions as audit_actions
from samen.audit.admin_log import AuditedAdmin
from samen.audit.chain import verify_chain
from samen.audit.models import AuditEntry
from samen.organisations.models import Organisation, User
from tests.conftest import PASSWORD

NEW_PASSWORD = "Another-Long-Secret-42"


def _reset_form(client: Client, user: User) -> str:
    """Ask for a reset link and open it; the address of the new-password form."""
    client.post("/wachtwoord-vergeten", {"email": user.email})
    link = re.search(r"http://\S+/wachtwoord-herstellen/\S+", mail.outbox[-1].body).group(0)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    return page.redirect_chain[-1][0]


def test_a_completed_password_reset_is_audited(world):
    client = Client()
    form = _reset_form(client, world.partner)

    response = client.post(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="user.password_reset")
    assert entry.object_id == str(world.partner.pk)
    assert entry.actor_id == str(world.partner.pk)
    assert NEW_PASSWORD not in str(entry.changes)
    assert world.partner.password not in str(entry.changes)


def test_a_refused_new_password_changes_nothing_and_audits_nothing(world):
    client = Client()
    form = _reset_form(client, world.partner)

    response = client.post(form, {"new_password1": "kort", "new_password2": "kort"})

    assert response.status_code == 200
    world.partner.refresh_from_db()
    assert world.partner.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_reset").exists()


def test_a_reset_whose_audit_entry_fails_keeps_the_old_password(world, monkeypatch):
    client = Client()
    form = _reset_form(client, world.partner)

    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("samen.organisations.actions.record", broken)
    with pytest.raises(RuntimeError):
        client.post(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    world.partner.refresh_from_db()
    assert world.partner.check_password(PASSWORD)


@pytest.fixture
def operator(world) -> Client:
    world.owner.is_staff = True
    world.owner.is_superuser = True
    world.owner.save()
    client = Client()
    client.force_login(world.owner)
    return client


def test_every_admin_page_is_audited():
    # Also the admins of other packages: axes' lock-outs, the task queue, groups.
    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdmin)
    ]

    assert plain == []
    assert Group in admin.site._registry


def test_an_organisation_added_in_the_admin_is_audited(world, operator):
    response = operator.post(
        "/beheer/organisations/organisation/add/",
        {"name": "Gemeente Deventer", "kind": "gemeente", "oin": "00000001001150026000"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    organisation = Organisation.objects.get(name="Gemeente Deventer")
    entry = AuditEntry.objects.get(action="admin.added")
    assert entry.object_type == "organisations.organisation"
    assert entry.object_id == str(organisation.pk)
    assert entry.actor_id == str(world.owner.pk)
    assert entry.changes["name"] == {"old": None, "new": "Gemeente Deventer"}
    assert LogEntry.objects.filter(object_id=str(organisation.pk)).exists()


def _change_form(client: Client, user: User) -> dict[str, object]:
    """The person's change form as the admin fills it in."""
    page = client.get(f"/beheer/organisations/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return data


def test_a_person_changed_in_the_admin_is_audited_with_old_and_new(world, operator):
    data = _change_form(operator, world.colleague)
    data["is_staff"] = "on"

    response = operator.post(f"/beheer/organisations/user/{world.colleague.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    world.colleague.refresh_from_db()
    assert world.colleague.is_staff
    entry = AuditEntry.objects.get(action="admin.changed", object_id=str(world.colleague.pk))
    assert entry.changes == {"is_staff": {"old": False, "new": True}}


def test_a_password_set_in_the_admin_is_audited_without_the_password(world, operator):
    response = operator.post(
        f"/beheer/organisations/user/{world.colleague.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    world.colleague.refresh_from_db()
    assert world.colleague.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="admin.changed", object_id=str(world.colleague.pk))
    assert entry.changes["password"] == {"old": "(verborgen)", "new": "(verborgen)"}
    assert world.colleague.password not in str(entry.changes)


def test_an_object_deleted_in_the_admin_is_audited(world, operator):
    group = Group.objects.create(name="Beheerders")

    response = operator.post(f"/beheer/auth/group/{group.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    entry = AuditEntry.objects.get(action="admin.deleted")
    assert entry.object_type == "auth.group"
    assert entry.changes["name"] == {"old": "Beheerders", "new": None}


def test_objects_deleted_together_in_the_admin_get_an_entry_each(world, operator):
    groups = [Group.objects.create(name=name) for name in ("Lezers", "Schrijvers")]

    response = operator.post(
        "/beheer/auth/group/",
        {"action": "delete_selected", "_selected_action": [g.pk for g in groups], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Group.objects.exists()
    deleted = AuditEntry.objects.filter(action="admin.deleted")
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(str(g.pk) for g in groups)
    assert verify_chain() is None


def test_an_admin_change_whose_audit_entry_fails_is_not_made(world, operator, monkeypatch):
    data = _change_form(operator, world.colleague)
    data["is_staff"] = "on"

    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit_actions, "record", broken)
    with pytest.raises(RuntimeError):
        operator.post(f"/beheer/organisations/user/{world.colleague.pk}/change/", data)

    world.colleague.refresh_from_db()
    assert not world.colleague.is_staff
    assert not LogEntry.objects.filter(object_id=str(world.colleague.pk)).exists()


def test_a_bulk_deletion_whose_audit_entries_fail_deletes_nothing(world, operator, monkeypatch):
    groups = [Group.objects.create(name=name) for name in ("Lezers", "Schrijvers")]

    def broken(entries):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit_actions, "record_many", broken)
    with pytest.raises(RuntimeError):
        operator.post(
            "/beheer/auth/group/",
            {
                "action": "delete_selected",
                "_selected_action": [g.pk for g in groups],
                "post": "yes",
            },
        )

    assert Group.objects.count() == 2


def test_a_workspace_changed_in_the_admin_shows_in_its_audit_trail(world, operator):
    path = f"/beheer/workspaces/workspace/{world.workspace.pk}/change/"
    page = operator.get(path)
    data: dict[str, object] = {}
    forms = [page.context["adminform"].form]
    forms += [f for inline in page.context["inline_admin_formsets"] for f in inline.formset]
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False or field.disabled:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    data["name"] = "Bodemsanering Zwolle-Zuid, fase 2"

    response = operator.post(path, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="admin.changed", object_id=str(world.workspace.pk))
    assert entry.workspace_id == world.workspace.pk
    assert entry.changes["name"]["new"] == "Bodemsanering Zwolle-Zuid, fase 2"
