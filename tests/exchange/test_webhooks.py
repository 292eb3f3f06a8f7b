"""Webhooks: CloudEvents (NL GOV profile) for received, delivered and failed messages."""

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from samen.exchange import actions, webhooks
from samen.exchange.models import WebhookEvent
from tests.conftest import MUNICIPALITY_OIN, api_client_for


@pytest.fixture
def subscriber():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()


def test_receiver_gets_a_signed_cloud_event_when_a_message_arrives(mailboxes, deliver, subscriber):
    url, received = subscriber
    created = api_client_for(mailboxes.partner).post(
        "/api/v1/berichten-abonnementen", {"callbackUrl": url}, format="json"
    )
    secret = created.json()["geheim"]
    actions.send_message(
        actor=mailboxes.owner,
        sender=mailboxes.province,
        receiver_oin=MUNICIPALITY_OIN,
        subject="Onderwerp",
    )

    deliver()
    webhooks.deliver_events()

    assert created.status_code == 201
    headers, body = received[0]
    event = json.loads(body)
    assert event["type"] == "nl.samen.bericht.ontvangen"
    assert event["source"] == f"urn:nld:oin:{MUNICIPALITY_OIN}:systeem:samen"
    assert event["specversion"] == "1.0"
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    mac = base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{mac}"
    assert WebhookEvent.objects.get().state == "done"


def test_sender_gets_an_event_when_its_message_is_delivered(mailboxes, deliver, subscriber):
    url, received = subscriber
    api_client_for(mailboxes.owner).post(
        "/api/v1/berichten-abonnementen", {"callbackUrl": url}, format="json"
    )
    actions.send_message(
        actor=mailboxes.owner,
        sender=mailboxes.province,
        receiver_oin=MUNICIPALITY_OIN,
        subject="Onderwerp",
    )

    deliver()
    webhooks.deliver_events()

    assert [json.loads(body)["type"] for _h, body in received] == ["nl.samen.bericht.afgeleverd"]


def test_a_subscriber_that_is_down_gets_the_event_later(mailboxes, deliver):
    api_client_for(mailboxes.partner).post(
        "/api/v1/berichten-abonnementen", {"callbackUrl": "http://127.0.0.1:9/hook"}, format="json"
    )
    actions.send_message(
        actor=mailboxes.owner,
        sender=mailboxes.province,
        receiver_oin=MUNICIPALITY_OIN,
        subject="Onderwerp",
    )

    deliver()
    webhooks.deliver_events()

    event = WebhookEvent.objects.get()
    assert event.state == "pending"
    assert event.attempts == 1
    assert event.last_error


def test_colleague_without_the_right_cannot_subscribe(mailboxes):
    response = api_client_for(mailboxes.colleague).post(
        "/api/v1/berichten-abonnementen", {"callbackUrl": "https://x.example/h"}, format="json"
    )

    assert response.status_code == 403
