"""The address a request came from, as sign-in throttling counts it.

Behind the TLS proxy every request arrives from the proxy's address, so counting wrong
passwords by REMOTE_ADDR alone would let five wrong guesses from anyone pause a councillor's
sign-in for everyone. Each trusted proxy appends the address it saw to X-Forwarded-For; what a
client sends in that header itself sits to the left of those entries, so only entries counted
from the right, one per trusted proxy, can be believed.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """Return the address to count ``request`` under: with ``TRUSTED_PROXY_COUNT`` = N > 0,
    the Nth address from the right of X-Forwarded-For (the one the outermost trusted proxy
    saw); otherwise, or if the header has fewer than N entries or that entry is not an IP
    address, REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < proxies:
        # The request did not pass through every trusted proxy; the header, if any, is the
        # client's own.
        return remote
    try:
        return str(ipaddress.ip_address(entries[-proxies]))
    except ValueError:
        return remote
