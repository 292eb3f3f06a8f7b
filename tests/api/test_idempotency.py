"""Idempotency-Key on POST: a retried request takes effect once."""

import contextlib
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from samen.api import idempotency
from samen.api.idempotency import purge_expired
from samen.api.models import IdempotencyRecord
from samen.audit.models import AuditEntry
from samen.workspaces.models import Membership, Workspace
from tests.api.conftest import BASE, Unchanged, assert_problem, workspace_url
from tests.conftest import WATER_BOARD_OIN, api_client_for

BODY = {"naam": "Eenmalig", "sjabloon": "bodemsanering"}


def post(client, body, key, path=f"{BASE}/ruimtes"):
    return client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_repeat_with_the_same_key_replays_the_first_answer(as_owner):
    first = post(as_owner, BODY, "sleutel-1")
    after_first = Unchanged(Workspace, Membership)

    again = post(as_owner, BODY, "sleutel-1")

    assert first.status_code == 201
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert again["API-Version"]
    after_first.check()
    assert Workspace.objects.filter(name="Eenmalig").count() == 1


def test_key_order_in_the_body_does_not_matter(as_owner):
    post(as_owner, BODY, "sleutel-2")

    again = post(as_owner, {"sjabloon": "bodemsanering", "naam": "Eenmalig"}, "sleutel-2")

    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"


def test_same_key_with_another_body_is_refused(as_owner):
    post(as_owner, BODY, "sleutel-3")
    unchanged = Unchanged(Workspace)

    response = post(as_owner, {**BODY, "naam": "Anders"}, "sleutel-3")

    assert_problem(response, 422, "idempotency_key_reused")
    unchanged.check()


def test_same_key_on_another_path_is_refused(as_owner, world):
    post(as_owner, BODY, "sleutel-4")

    response = post(as_owner, BODY, "sleutel-4", path=workspace_url(world, "/leden"))

    assert_problem(response, 422, "idempotency_key_reused")


def test_keys_belong_to_one_person(as_owner, as_colleague):
    post(as_owner, BODY, "gedeeld")

    response = post(as_colleague, BODY, "gedeeld")

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Workspace.objects.filter(name="Eenmalig").count() == 2


def test_without_a_key_each_post_takes_effect(as_owner):
    as_owner.post(f"{BASE}/ruimtes", BODY, format="json")
    as_owner.post(f"{BASE}/ruimtes", BODY, format="json")

    assert Workspace.objects.filter(name="Eenmalig").count() == 2
    assert IdempotencyRecord.objects.count() == 0


def test_refused_request_is_not_remembered(as_owner):
    refused = post(as_owner, {**BODY, "sjabloon": "onbekend"}, "sleutel-5")

    corrected = post(as_owner, BODY, "sleutel-5")

    assert_problem(refused, 400, "template_unknown")
    assert corrected.status_code == 201
    assert "Idempotent-Replayed" not in corrected


def test_replayed_member_is_added_once(as_owner, world):
    path = workspace_url(world, "/leden")
    body = {"organisatie": WATER_BOARD_OIN, "rol": "lezer"}
    first = post(as_owner, body, "lid-1", path=path)
    entries = AuditEntry.objects.count()

    again = post(as_owner, body, "lid-1", path=path)

    assert first.status_code == 201
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert AuditEntry.objects.count() == entries
    assert Membership.objects.filter(organisation=world.water_board).count() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "met spatie", "ünïcode"])
def test_malformed_key_is_refused(as_owner, key):
    unchanged = Unchanged(Workspace)

    response = post(as_owner, BODY, key)

    assert_problem(response, 400, "idempotency_key_invalid")
    unchanged.check()


def test_an_expired_key_can_be_used_again(as_owner):
    post(as_owner, BODY, "oud")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))

    again = post(as_owner, BODY, "oud")

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Workspace.objects.filter(name="Eenmalig").count() == 2


def test_purge_removes_only_expired_records(as_owner):
    post(as_owner, BODY, "vers")
    post(as_owner, {**BODY, "naam": "Tweede"}, "verlopen")
    IdempotencyRecord.objects.filter(key="verlopen").update(
        created_at=timezone.now() - timedelta(hours=25)
    )

    removed = purge_expired()

    assert removed == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["vers"]


# serialized_rollback restores the templates that a migration loads, which
# the flush after a transactional test would otherwise leave out.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_repeats_take_effect_once(world, monkeypatch):
    # Both requests look the key up before either stores its answer: the
    # race that the unique (user, key) index settles. On SQLite the second
    # request waits for the first's transaction instead, and the barrier
    # times out.
    barrier = threading.Barrier(2)
    real_stored = idempotency._stored

    def stored_then_wait(request, key):
        found = real_stored(request, key)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=2)
        return found

    monkeypatch.setattr(idempotency, "_stored", stored_then_wait)
    clients = [api_client_for(world.owner), api_client_for(world.owner)]
    responses = []

    def send(client):
        try:
            responses.append(post(client, BODY, "tegelijk"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [response.status_code for response in responses] == [201, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert sum("Idempotent-Replayed" in response for response in responses) == 1
    assert Workspace.objects.filter(name="Eenmalig").count() == 1
    assert (
        AuditEntry.objects.filter(
            action="workspace.created", object_id=responses[0].json()["id"]
        ).count()
        == 1
    )


def test_purge_works_in_bounded_batches(as_owner):
    for number in range(3):
        post(as_owner, {**BODY, "naam": f"Oud {number}"}, f"oud-{number}")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))

    first = purge_expired(limit=2)
    second = purge_expired(limit=2)

    assert (first, second) == (2, 1)
    assert IdempotencyRecord.objects.count() == 0


def test_purge_runs_as_a_worker_loop():
    import samen.api.tasks  # noqa: F401  (the runner imports every app's tasks module)
    from samen.worker import loops

    names = {loop.name: loop for loop in loops.registered()}

    assert names["api.idempotency_purge"].func is purge_expired
