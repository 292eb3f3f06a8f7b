"""The members page: people and organisations, invitations, roles and levels."""

import pytest
from django.core import mail

from samen.workspaces.models import Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def _url(world, suffix: str = "") -> str:
    return f"/ruimtes/{world.workspace.pk}/leden{suffix}"


def _membership(world, **who) -> Membership:
    return Membership.objects.get(workspace=world.workspace, **who)


def test_reader_sees_members_read_only(world, browse):
    response = browse(world.partner).get(_url(world))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Coen Collega" in body
    assert "Gemeente Zwolle" in body
    assert "Bijdrager" in body
    assert "Alleen beheerders kunnen de leden wijzigen." in body
    assert "Uitnodiging versturen" not in body


def test_manager_sees_forms_limited_to_own_level(world, browse):
    body = browse(world.owner).get(_url(world)).content.decode()

    assert "Uitnodiging versturen" in body
    assert "Partnerorganisatie toevoegen" in body
    assert "Zaakvertrouwelijk" in body
    assert "Zeer geheim" not in body


def test_manager_adds_a_partner_organisation(world, browse):
    client = browse(world.owner)

    response = client.post(
        _url(world, "/organisatie"),
        {
            "partner-organisation": world.water_board.pk,
            "partner-role": "lezer",
            "partner-max_confidentiality": "intern",
        },
    )

    assert response.status_code == 302
    membership = _membership(world, organisation=world.water_board)
    assert membership.role == Role.READER
    feed = client.get(f"/ruimtes/{world.workspace.pk}/activiteit").content.decode()
    assert "Olga Eigenaar heeft Waterschap Drents Overijsselse Delta toegevoegd als lezer." in feed


def test_reader_cannot_add_an_organisation(world, browse):
    response = browse(world.partner).post(
        _url(world, "/organisatie"),
        {
            "partner-organisation": world.water_board.pk,
            "partner-role": "beheerder",
            "partner-max_confidentiality": "intern",
        },
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(organisation=world.water_board).exists()


def test_outsider_cannot_add_an_organisation(world, browse):
    response = browse(world.outsider).post(
        _url(world, "/organisatie"),
        {
            "partner-organisation": world.water_board.pk,
            "partner-role": "beheerder",
            "partner-max_confidentiality": "intern",
        },
    )

    assert response.status_code == 404
    assert not Membership.objects.filter(organisation=world.water_board).exists()


def test_level_above_own_is_refused(world, browse):
    response = browse(world.owner).post(
        _url(world, "/organisatie"),
        {
            "partner-organisation": world.water_board.pk,
            "partner-role": "lezer",
            "partner-max_confidentiality": "geheim",
        },
    )

    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    assert not Membership.objects.filter(organisation=world.water_board).exists()


def test_manager_invites_a_person_by_email(world, browse, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = browse(world.owner).post(
            _url(world, "/uitnodigen"),
            {
                "invite-email": "nina@zwolle.example",
                "invite-role": "bijdrager",
                "invite-max_confidentiality": "intern",
            },
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get(workspace=world.workspace, email="nina@zwolle.example")
    assert invitation.role == Role.CONTRIBUTOR
    assert len(mail.outbox) == 1
    assert "/uitnodiging/" in mail.outbox[0].body


def test_invalid_email_is_refused_and_nothing_is_sent(world, browse):
    response = browse(world.owner).post(
        _url(world, "/uitnodigen"),
        {
            "invite-email": "not-an-address",
            "invite-role": "lezer",
            "invite-max_confidentiality": "intern",
        },
    )

    assert response.status_code == 400
    assert 'href="#id_invite-email"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_reader_cannot_invite(world, browse):
    response = browse(world.partner).post(
        _url(world, "/uitnodigen"),
        {
            "invite-email": "nina@zwolle.example",
            "invite-role": "lezer",
            "invite-max_confidentiality": "intern",
        },
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_manager_changes_a_role_with_htmx_and_gets_the_row(world, browse):
    membership = _membership(world, user=world.colleague)
    prefix = str(membership.pk)

    response = browse(world.owner).post(
        _url(world, f"/{membership.pk}"),
        {f"{prefix}-role": "lezer", f"{prefix}-max_confidentiality": "intern"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("<tr")
    assert "Opgeslagen" in body
    membership.refresh_from_db()
    assert (membership.role, membership.max_confidentiality) == ("lezer", "intern")


def test_manager_changes_a_role_without_script(world, browse):
    membership = _membership(world, user=world.colleague)
    prefix = str(membership.pk)

    response = browse(world.owner).post(
        _url(world, f"/{membership.pk}"),
        {f"{prefix}-role": "beheerder", f"{prefix}-max_confidentiality": "intern"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_reader_cannot_change_a_role(world, browse):
    membership = _membership(world, organisation=world.municipality)
    prefix = str(membership.pk)

    response = browse(world.partner).post(
        _url(world, f"/{membership.pk}"),
        {f"{prefix}-role": "beheerder", f"{prefix}-max_confidentiality": "intern"},
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.READER


def test_last_manager_cannot_step_down(world, browse):
    membership = _membership(world, user=world.owner)
    prefix = str(membership.pk)

    response = browse(world.owner).post(
        _url(world, f"/{membership.pk}"),
        {f"{prefix}-role": "lezer", f"{prefix}-max_confidentiality": "intern"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 409
    assert "ten minste één beheerder" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_manager_removes_a_member(world, browse):
    membership = _membership(world, organisation=world.municipality)

    response = browse(world.owner).post(_url(world, f"/{membership.pk}/verwijderen"))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_reader_cannot_remove_a_member(world, browse):
    membership = _membership(world, user=world.colleague)

    response = browse(world.partner).post(_url(world, f"/{membership.pk}/verwijderen"))

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_member_of_another_workspace_is_not_found(world, browse):
    other = _membership(world, user=world.colleague)
    response = browse(world.outsider).post(
        f"/ruimtes/{world.workspace.pk}/leden/{other.pk}/verwijderen"
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_manager_withdraws_an_invitation(world, browse):
    client = browse(world.owner)
    client.post(
        _url(world, "/uitnodigen"),
        {
            "invite-email": "nina@zwolle.example",
            "invite-role": "lezer",
            "invite-max_confidentiality": "intern",
        },
    )
    invitation = Invitation.objects.get(email="nina@zwolle.example")

    response = client.post(f"/ruimtes/{world.workspace.pk}/uitnodigingen/{invitation.pk}/intrekken")

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_unknown_role_without_script_shows_the_page_with_the_error(world, browse):
    membership = _membership(world, user=world.colleague)
    prefix = str(membership.pk)

    response = browse(world.owner).post(
        _url(world, f"/{membership.pk}"),
        {f"{prefix}-role": "koning", f"{prefix}-max_confidentiality": "intern"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "<html" in body
    assert f'id="id_{prefix}-role_error"' in body
    membership.refresh_from_db()
    assert membership.role == Role.CONTRIBUTOR


def test_closed_workspace_shows_members_read_only_to_managers(world, browse):
    client = browse(world.owner)
    client.post(f"/ruimtes/{world.workspace.pk}/status", {"status": "gesloten"})

    body = client.get(_url(world)).content.decode()

    assert "Uitnodiging versturen" not in body
    assert "Verwijderen" not in body
    assert "Bijdrager" in body
