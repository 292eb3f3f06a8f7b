"""TLS of the requests to peers: the client certificate for mutual TLS, and the roots trusted.

Digikoppeling asks for two-sided TLS with PKIoverheid certificates that carry
the organisation's OIN. The receiving side is the reverse proxy's job (see
docs/exchange.md); the sending side is here, so that no egress proxy is
needed. A CA bundle, when set, replaces the default roots: a peer's server
certificate must then chain to one of its certificates (for PKIoverheid, the
Private Services roots), and a public web certificate is no longer enough.
"""

import ssl

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def outgoing_verify() -> ssl.SSLContext | bool:
    """What httpx's `verify=` gets for requests to peers."""
    cert, key = settings.EXCHANGE_CLIENT_CERT, settings.EXCHANGE_CLIENT_KEY
    bundle = settings.EXCHANGE_CA_BUNDLE
    if not cert and not bundle:
        return True  # httpx's own defaults, SSL_CERT_FILE included

    context = _trusting(bundle)
    if cert:
        try:
            context.load_cert_chain(cert, key or None)
        except (OSError, ssl.SSLError) as exc:
            raise ImproperlyConfigured(
                f"SAMEN_EXCHANGE_CLIENT_CERT and SAMEN_EXCHANGE_CLIENT_KEY cannot be loaded: {exc}"
            ) from exc
    return context


def _trusting(bundle: str) -> ssl.SSLContext:
    if not bundle:
        return httpx.create_ssl_context()
    try:
        return ssl.create_default_context(cafile=bundle)
    except (OSError, ssl.SSLError) as exc:
        raise ImproperlyConfigured(f"SAMEN_EXCHANGE_CA_BUNDLE cannot be read: {exc}") from exc
