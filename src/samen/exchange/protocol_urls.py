"""The installation-to-installation endpoint, included at uitwisseling/v1/."""

from django.urls import path

from samen.exchange import protocol

urlpatterns = [
    path("kaart", protocol.card, name="exchange-card"),
    path("berichten", protocol.messages, name="exchange-messages"),
    path("bijlagen/<str:sha256>", protocol.attachment_status, name="exchange-attachment"),
    path(
        "bijlagen/<str:sha256>/delen/<int:number>",
        protocol.attachment_part,
        name="exchange-attachment-part",
    ),
    path(
        "bijlagen/<str:sha256>/voltooien",
        protocol.attachment_complete,
        name="exchange-attachment-complete",
    ),
]
