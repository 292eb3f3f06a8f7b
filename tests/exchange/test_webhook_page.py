"""The webhook subscriptions page (/berichten/webhooks) and the API's pause, with personas.

- holder: the province's owner, with the mailbox right (and mailbox administrator);
- partner: the municipality's mailbox holder;
- colleague: in the province, without the mailbox right;
- outsider: from the water board, without any right.
"""

import pytest
from django.test import Client

from samen.audit.models import AuditEntry
from samen.exchange import actions, webhooks
from samen.exchange.models import WebhookEvent, WebhookEventType, WebhookSubscription
from tests.conftest import MUNICIPALITY_OIN, PROVINCE_OIN, api_client_for

PAGE = "/berichten/webhooks"
HOOK = "https://systeem.overijssel.example/hook"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _subscription(world, *, organisation=None, event_types=None) -> WebhookSubscription:
    subscription, _secret = actions.subscribe(
        actor=None,
        organisation=organisation or world.province,
        url=HOOK,
        event_types=event_types,
    )
    return subscription


def _send_to_municipality(world):
    return actions.send_message(
        actor=world.owner,
        sender=world.province,
        receiver_oin=MUNICIPALITY_OIN,
        subject="Beschikking",
    )


def test_holder_sees_the_subscriptions_of_their_organisation(mailboxes):
    _subscription(mailboxes)
    _subscription(mailboxes, organisation=mailboxes.municipality)

    response = _client(mailboxes.owner).get(PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    assert HOOK in page
    assert "Gemeente Zwolle" not in page


def test_holder_adds_a_subscription_and_sees_the_secret_once(mailboxes):
    client = _client(mailboxes.owner)

    response = client.post(
        PAGE, {"organisation": PROVINCE_OIN, "url": HOOK, "event_types": [WebhookEventType.FAILED]}
    )
    again = client.get(PAGE)

    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret in response.content.decode()
    assert subscription.secret not in again.content.decode()
    assert subscription.event_types == [WebhookEventType.FAILED]
    assert subscription.organisation == mailboxes.province
    entry = AuditEntry.objects.get(action="exchange.webhook_subscribed")
    assert entry.actor_id == str(mailboxes.owner.pk)


def test_a_bad_address_with_good_events_says_what_is_wrong(mailboxes):
    response = _client(mailboxes.owner).post(
        PAGE,
        {
            "organisation": PROVINCE_OIN,
            "url": "ftp://x.example/h",
            "event_types": [WebhookEventType.RECEIVED],
        },
    )

    assert response.status_code == 400
    assert "Voer een geldige http(s)-URL in." in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_no_events_chosen_is_an_error(mailboxes):
    response = _client(mailboxes.owner).post(PAGE, {"organisation": PROVINCE_OIN, "url": HOOK})

    assert response.status_code == 400
    assert not WebhookSubscription.objects.exists()


def test_holder_cannot_subscribe_for_another_organisation(mailboxes):
    response = _client(mailboxes.owner).post(
        PAGE,
        {
            "organisation": MUNICIPALITY_OIN,
            "url": HOOK,
            "event_types": [WebhookEventType.RECEIVED],
        },
    )

    assert response.status_code == 400
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_people_without_the_mailbox_right_get_404(mailboxes, persona):
    user = getattr(mailboxes, persona)

    response = _client(user).get(PAGE)

    assert response.status_code == 404


def test_the_mailbox_administrator_without_the_right_manages_webhooks(mailboxes):
    # A platform administrator of the province is its mailbox administrator
    # (as on /berichten/rechten), with or without the right itself.
    mailboxes.colleague.is_staff = True
    mailboxes.colleague.save()
    _subscription(mailboxes)

    response = _client(mailboxes.colleague).get(PAGE)

    assert response.status_code == 200
    assert HOOK in response.content.decode()


def test_holder_pauses_and_resumes_a_subscription(mailboxes):
    subscription = _subscription(mailboxes)
    client = _client(mailboxes.owner)
    url = f"{PAGE}/{subscription.pk}/pauzeren"

    paused = client.post(url, {"gepauzeerd": "ja"})
    subscription.refresh_from_db()
    was_paused = subscription.paused
    resumed = client.post(url, {"gepauzeerd": "nee"})
    subscription.refresh_from_db()

    assert paused.status_code == 302
    assert resumed.status_code == 302
    assert was_paused
    assert not subscription.paused
    actions_recorded = AuditEntry.objects.filter(object_id=str(subscription.pk))
    assert {"exchange.webhook_paused", "exchange.webhook_resumed"} <= set(
        actions_recorded.values_list("action", flat=True)
    )


def test_pausing_without_a_choice_is_an_error_and_changes_nothing(mailboxes):
    subscription = _subscription(mailboxes)

    response = _client(mailboxes.owner).post(f"{PAGE}/{subscription.pk}/pauzeren", {})

    assert response.status_code == 400
    assert "Kies of u het abonnement pauzeert of hervat." in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.paused


def test_holder_cancels_a_subscription(mailboxes):
    subscription = _subscription(mailboxes)

    response = _client(mailboxes.owner).post(f"{PAGE}/{subscription.pk}/opzeggen")

    assert response.status_code == 302
    assert not WebhookSubscription.objects.exists()
    assert AuditEntry.objects.filter(
        action="exchange.webhook_unsubscribed", object_id=str(subscription.pk)
    ).exists()


def test_another_organisations_holder_gets_404_on_its_subscription(mailboxes):
    subscription = _subscription(mailboxes)

    pause = _client(mailboxes.partner).post(
        f"{PAGE}/{subscription.pk}/pauzeren", {"gepauzeerd": "ja"}
    )
    cancel = _client(mailboxes.partner).post(f"{PAGE}/{subscription.pk}/opzeggen")

    assert pause.status_code == 404
    assert cancel.status_code == 404
    subscription.refresh_from_db()
    assert not subscription.paused


def test_holder_sees_recent_deliveries_and_their_failures(mailboxes, deliver):
    actions.subscribe(actor=None, organisation=mailboxes.province, url="http://127.0.0.1:9/hook")
    _send_to_municipality(mailboxes)
    deliver()
    webhooks.deliver_events()

    response = _client(mailboxes.owner).get(PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    event = WebhookEvent.objects.get()
    assert event.last_error
    assert event.last_attempt_at
    assert "Bericht afgeleverd" in page
    assert event.last_error in page


def test_a_paused_subscription_gets_no_events(mailboxes, deliver):
    subscription = _subscription(mailboxes)
    actions.set_paused(actor=None, subscription=subscription, paused=True)

    _send_to_municipality(mailboxes)
    deliver()

    assert not WebhookEvent.objects.exists()


def test_queued_events_wait_while_paused(mailboxes, deliver):
    subscription = _subscription(mailboxes, event_types=[WebhookEventType.DELIVERED])
    _send_to_municipality(mailboxes)
    deliver()
    actions.set_paused(actor=None, subscription=subscription, paused=True)

    sent = webhooks.deliver_events()

    assert sent == 0
    assert WebhookEvent.objects.get().attempts == 0


def test_a_subscription_gets_only_the_events_it_chose(mailboxes, deliver):
    _subscription(mailboxes, event_types=[WebhookEventType.FAILED])

    _send_to_municipality(mailboxes)
    deliver()

    assert not WebhookEvent.objects.exists()


def test_the_mailbox_navigation_links_to_webhooks(mailboxes):
    response = _client(mailboxes.owner).get("/berichten")

    assert f'href="{PAGE}"' in response.content.decode()


def test_api_pauses_a_subscription_with_the_same_action(mailboxes):
    subscription = _subscription(mailboxes)

    response = api_client_for(mailboxes.owner).patch(
        f"/api/v1/berichten-abonnementen/{subscription.pk}", {"gepauzeerd": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["gepauzeerd"] is True
    assert AuditEntry.objects.filter(action="exchange.webhook_paused").exists()


def test_api_refuses_an_unknown_event_and_stores_nothing(mailboxes):
    response = api_client_for(mailboxes.owner).post(
        "/api/v1/berichten-abonnementen",
        {"callbackUrl": HOOK, "gebeurtenissen": ["nl.samen.bericht.verzonnen"]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "event_unknown"
    assert not WebhookSubscription.objects.exists()


def test_api_outsider_gets_404_on_a_subscription(mailboxes):
    subscription = _subscription(mailboxes)

    response = api_client_for(mailboxes.outsider).patch(
        f"/api/v1/berichten-abonnementen/{subscription.pk}", {"gepauzeerd": True}, format="json"
    )

    assert response.status_code == 404
    subscription.refresh_from_db()
    assert not subscription.paused
