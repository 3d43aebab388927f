"""Sending requests as a browser would and reading the pages that come back: clients with an
address of their own, URL path segments, and the values a page's forms would submit."""

import itertools
from html.parser import HTMLParser
from urllib.parse import quote

from django.test import Client

ADDRESSES = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))


def client_for(user=None, own_address=False):
    """A client; with `own_address`, from an address no other client used, so that the
    per-address limits on sign-up and password reset (10 an hour) never trip in a test."""
    client = Client(REMOTE_ADDR=next(ADDRESSES)) if own_address else Client()
    if user is not None:
        client.force_login(user)
    return client


def path_segment(text):
    """`text` as one URL path segment; an empty segment would change the URL's shape."""
    return quote(text, safe="") or "%20"


def without_none(data):
    """Form data without the fields a browser would not send (drawn as None)."""
    return {key: value for key, value in data.items() if value is not None}


def page(response):
    return response.content.decode()


def assert_not_server_error(response):
    assert response.status_code < 500, response.status_code


class SubmittableValues(HTMLParser):
    """What a browser would submit from a page: inputs' values, textareas' text, ticked boxes."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.values = {}
        self._textarea, self._text, self._select = None, [], None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self._select is not None and "selected" in attrs:
            self.values.setdefault(self._select, []).append(attrs.get("value") or "")
        name = attrs.get("name")
        if not name:
            return
        if tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value") or "on")
            elif kind not in ("submit", "button"):
                self.values.setdefault(name, []).append(attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # HTML drops the one line break right after <textarea> (Django writes one).
            text = text[1:] if text.startswith("\n") else text
            self.values.setdefault(self._textarea, []).append(text)
            self._textarea = None


def submittable(response):
    return SubmittableValues(page(response)).values
