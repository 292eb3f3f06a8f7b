"""A member sees only documents at or below their maximum confidentiality, everywhere."""

import pytest
from django.db.models import Q

from samen.audit.models import AuditEntry
from samen.documents.access import audit_visibility, documents_visible_to
from samen.workspaces.access import workspace_for
from samen.workspaces.confidentiality import ORDER, allows
from tests.conftest import api_client_for
from tests.documents.conftest import PDF, make_document, raise_level


@pytest.fixture
def one_per_level(world, top_secret_owner):
    return {
        level: make_document(world, level=level, title=f"Stuk {level}", data=PDF + level.encode())
        for level in ORDER
    }


@pytest.mark.parametrize("maximum", ORDER)
def test_list_count_detail_and_download_follow_the_maximum(world, one_per_level, maximum):
    raise_level(world, world.colleague, maximum)
    client = api_client_for(world.colleague)
    visible = {level for level in ORDER if allows(maximum, level)}

    listed = client.get(
        "/api/v1/documenten", {"ruimte": str(world.workspace.pk), "pageSize": 100}
    ).json()

    assert listed["count"] == len(visible)
    assert {item["vertrouwelijkheidaanduiding"] for item in listed["results"]} == visible
    for level, document in one_per_level.items():
        detail = client.get(f"/api/v1/documenten/{document.pk}")
        download = client.get(f"/api/v1/documenten/{document.pk}/inhoud")
        versions = client.get(f"/api/v1/documenten/{document.pk}/versies")
        expected = 200 if level in visible else 404
        assert (detail.status_code, download.status_code, versions.status_code) == (
            expected,
            expected,
            expected,
        ), level


def test_partner_organisation_sees_up_to_intern(world, one_per_level):
    listed = api_client_for(world.partner).get(
        "/api/v1/documenten", {"ruimte": str(world.workspace.pk), "pageSize": 100}
    )

    levels = {item["vertrouwelijkheidaanduiding"] for item in listed.json()["results"]}
    assert levels == {"openbaar", "beperkt_openbaar", "intern"}


def test_documents_visible_to_matches_the_api(world, one_per_level):
    access = workspace_for(world.partner, world.workspace.pk)

    assert documents_visible_to(access).count() == 3


def test_activity_filter_hides_entries_about_documents_above_the_level(world, one_per_level):
    access = workspace_for(world.partner, world.workspace.pk)
    in_workspace = AuditEntry.objects.filter(workspace_id=world.workspace.pk)

    shown = in_workspace.filter(audit_visibility(access))

    document_ids = {str(document.pk) for document in documents_visible_to(access)}
    shown_documents = set(shown.filter(object_type="document").values_list("object_id", flat=True))
    assert shown_documents == document_ids
    assert shown.filter(action="workspace.created").exists()


def test_activity_filter_hides_a_document_lowered_from_secret(world, one_per_level):
    secret = one_per_level["geheim"]
    from samen.documents.actions import update_document

    owner_access = workspace_for(world.owner, world.workspace.pk)
    update_document(
        actor=world.owner, access=owner_access, document=secret, confidentiality="openbaar"
    )
    access = workspace_for(world.partner, world.workspace.pk)

    shown = AuditEntry.objects.filter(Q(object_id=str(secret.pk)) & audit_visibility(access))

    # The lowering reveals the old level (and title), so the partner sees no entry
    # from before; the document itself is now visible.
    assert not shown.exists()
    assert documents_visible_to(access).filter(pk=secret.pk).exists()
