"""The address a request comes from, for log-in lock-outs (django-axes) and rate limits."""

import ipaddress

from django.conf import settings


def _address(value):
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind our proxies (BEHIND_PROXY=1) the address
    the first of TRUSTED_PROXY_COUNT proxies received the request from.

    Each proxy appends the address it was connected from to X-Forwarded-For, so only the last
    TRUSTED_PROXY_COUNT entries were written by proxies we run; anything left of them is
    whatever the client chose to send. A missing or malformed entry falls back to REMOTE_ADDR
    (the proxy): all such requests then share one set of limits rather than escape them.

    An IPv6 client is its /64 network: a phone or a household gets a whole /64 and could
    otherwise step to a fresh address for every try.
    """
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if settings.BEHIND_PROXY:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hops != [""]:
            # Fewer entries than proxies: every entry was written by one of ours.
            forwarded = _address(hops[-min(settings.TRUSTED_PROXY_COUNT, len(hops))])
            address = forwarded or address
    if address is None:
        return None
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)
