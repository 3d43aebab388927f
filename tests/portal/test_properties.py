"""Property-based tests: hostile input to the portal's own forms and query strings.

Random, huge and awkward text (control characters, Cyrillic, right-to-left scripts, combining
accents, emoji, zero-width characters, HTML) goes through the search, sign-up, log-in and
password pages. Whatever arrives, the answer is never a 5xx; where a form is valid, what it
saves and shows is exactly the submitted text as Django's fields clean it.

The strategies and the `cleaned_text` oracle here are shared with tests/planner and
tests/annexes' property tests. Every example runs inside `rolled_back()`, so that the examples
of one test never see each other's rows.
"""

import itertools
import re
import string
import unicodedata
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# --- Shared strategies ------------------------------------------------------------------------

CONTROL_CHARACTERS = [chr(code) for code in range(0x20)] + ["\x7f"]
CYRILLIC = ["Молодые", "отцы", "Ёжик", "ДЕВУШКИ", "ё", "Ї"]
RIGHT_TO_LEFT = ["שלום", "עולם", "مرحبا", "بالعالم", "\u0627\u0644\u0646\u0633\u0627\u0621"]
COMBINING = [chr(code) for code in range(0x300, 0x370)] + ["e\u0301", "a\u0308\u0323"]
EMOJI = ["⚽", "😀", "👍🏽", "👨‍👧", "🏳️‍🌈", "🇰🇬", "🧕🏾"]
ZERO_WIDTH = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
]
MARKUP = ["<", ">", "&", '"', "'", "<script>alert(1)</script>", "&amp;", "{{ x }}", "{% x %}"]
FORMATTING = ["%s", "%(name)s", "{0}", "\\", "\\n", "%", "_", "*", "#", "`"]
WHITESPACE = [" ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", "\u3000", "\x1c", "\x85"]

# Every piece is whole code points; lone surrogates cannot travel in HTTP, so none is drawn.
piece = st.one_of(
    st.sampled_from(CONTROL_CHARACTERS),
    st.sampled_from(CYRILLIC + RIGHT_TO_LEFT + EMOJI),
    st.sampled_from(COMBINING),
    st.sampled_from(ZERO_WIDTH),
    st.sampled_from(MARKUP + FORMATTING),
    st.sampled_from(WHITESPACE),
    st.characters(exclude_categories=("Cs",)),
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8),
)
short_hostile_text = st.lists(piece, max_size=25).map("".join)

# Lengths around the limits the forms set (SHORT 200, LONG 5000, summaries 2000, ...), and
# far beyond them.
LENGTHS = [99, 100, 101, 119, 120, 121, 149, 150, 151, 199, 200, 201, 1999, 2000, 2001]
LENGTHS += [4999, 5000, 5001, 20000]


def repeat_to(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


huge_text = st.builds(
    repeat_to, st.lists(piece, min_size=1, max_size=5).map("".join), st.sampled_from(LENGTHS)
)
# Padded with what CharField strips, to test that the saved text is the stripped one.
padded_text = st.builds(
    lambda before, text, after: before + text + after,
    st.sampled_from(["", " ", "\n\t", "\u3000", "\x1f "]),
    short_hostile_text,
    st.sampled_from(["", " ", "\r\n", "\x1c", " \u2028"]),
)
hostile_text = st.one_of(short_hostile_text, padded_text, huge_text)


def fitting_text(max_length):
    """Hostile text that a field of `max_length` accepts: no NUL, not too long."""
    return hostile_text.map(lambda text: text.replace("\x00", "")[:max_length])


def hostile_settings(max_examples=30):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,  # derandomized: nothing to replay, and no files left behind
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- Shared oracle and helpers ----------------------------------------------------------------

INVALID = object()  # what `cleaned_text` returns for a value the form must refuse


def cleaned_text(value, max_length=None, required=False):
    """What Django's CharField keeps of `value` (strip=True), or INVALID.

    Django strips leading and trailing whitespace (str.strip(), which also drops \\x1c-\\x1f and
    \\x85), keeps \\r\\n as sent (it does not normalise line endings), counts length in code
    points after stripping, and refuses NUL characters with a form error.
    """
    value = value.strip()
    if required and not value:
        return INVALID
    if max_length is not None and len(value) > max_length:
        return INVALID
    if "\x00" in value:
        return INVALID
    return value


@contextmanager
def rolled_back():
    """One example's database changes, undone when it ends (a savepoint inside the test's
    transaction), so that every example starts from the same rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


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


def page(response):
    return response.content.decode()


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


def assert_not_server_error(response):
    assert response.status_code < 500, response.status_code


def contains_nul(*values):
    return any("\x00" in value for value in values)


# --- Search -----------------------------------------------------------------------------------

SEARCH_MAX = 100  # portal.search.MAX_QUERY_LENGTH
# Words of the toolkit's content, so that queries also find something and build snippets.
CONTENT_WORDS = ["gender", "father", "young men", "Stakeholders", "ФУТБОЛ", "é", "ﬁ", "ß", "İ"]


def expected_search_query(q):
    """The query the search runs, or INVALID: too long or NUL are refused before its
    clean_q drops the characters that are not printable."""
    value = cleaned_text(q, max_length=SEARCH_MAX, required=True)
    if value is INVALID:
        return INVALID
    value = "".join(ch for ch in value if ch.isprintable()).strip()
    return value or INVALID


search_query = st.one_of(
    hostile_text,
    st.lists(st.one_of(st.sampled_from(CONTENT_WORDS), piece), max_size=12).map(" ".join),
)


@hostile_settings(max_examples=40)
@given(q=search_query)
@example(q="\x00")
@example(q="ﬁ" * 100)  # folds to two letters each: snippet positions map back to one
@example(q="a\u0301 " * 33)
def test_search_never_fails_and_echoes_the_query_it_ran(all_content, q):
    response = client_for().get("/search/", {"q": q})

    assert response.status_code == 200
    html = page(response)
    expected = expected_search_query(q)
    if expected is INVALID:
        assert 'id="q-error"' in html
        assert 'role="status"' not in html  # no count of results
    else:
        assert 'id="q-error"' not in html
        assert f"“{escape(expected)}”</p>" in html
    assert escape(q[:200]) in html  # the box keeps what was typed, escaped


@hostile_settings(max_examples=10)
@given(values=st.lists(hostile_text, max_size=3), other=hostile_text)
def test_search_with_repeated_or_other_parameters_never_fails(all_content, values, other):
    query = "&".join(f"q={quote(value)}" for value in values)
    response = client_for().get(f"/search/?{query}&{quote(other) or 'x'}={quote(other)}")

    assert response.status_code == 200


# --- Sign-up ----------------------------------------------------------------------------------

User = get_user_model()
USERNAME_SHAPE = re.compile(r"^[\w.@+-]+\Z")  # UnicodeUsernameValidator's rule
USERNAME_LETTERS = "abcxyzABC019_.@+-" + "Молодыеотцы" + "שלוםמרחבا" + "مرحباب" + "é"
# Nothing in common with usernames or e-mail addresses, so the similarity check never trips.
PASSWORD_LETTERS = "!#$%&*()[]{}<>?/|~^=;:,0123456789αβγδεζηθλμξπσφψω"

valid_username = st.text(alphabet=USERNAME_LETTERS, min_size=1, max_size=150)
strong_password = st.text(alphabet=PASSWORD_LETTERS, min_size=12, max_size=64).filter(
    lambda password: not password.isdigit()
)
valid_email = st.builds(
    "{}@{}.{}".format,
    st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=20),
    st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=20),
    st.sampled_from(["org", "kg", "рф", "ORG"]),
)


def expected_username(username):
    """The username UsernameField keeps (stripped, then NFKC-normalised), or INVALID."""
    value = unicodedata.normalize("NFKC", username.strip())
    if not value or len(value) > 150 or not USERNAME_SHAPE.match(value):
        return INVALID
    return value


def expected_email(email):
    """The e-mail address as saved: stripped, its domain lower-cased."""
    local, _at, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


SIGNUP_LINK = re.compile(r"http://testserver(/accounts/signup/confirm/\S+/)")


@hostile_settings(max_examples=40)
@given(
    username=st.one_of(valid_username, hostile_text),
    email=st.one_of(valid_email, hostile_text),
    password1=st.one_of(strong_password, hostile_text),
    password2=st.one_of(st.none(), hostile_text),  # None: the same as password1
)
@example(username="Дмитрий", email="d@example.org", password1="(0)αβγ#12ξπ!", password2=None)
@example(username="ﬁona", email="f@example.org", password1="(0)αβγ#12ξπ!", password2=None)
@example(username="a\x00b", email="a@example.org", password1="(0)αβγ#12ξπ!", password2=None)
@example(username="amina", email="a\x00@example.org", password1="(0)αβγ#12ξπ!", password2=None)
@example(username="amina", email="a@example.org", password1="(0)αβγ#12ξπ\x00", password2=None)
def test_signup_never_fails_and_saves_the_username_as_cleaned(
    username, email, password1, password2
):
    if password2 is None:
        password2 = password1
    mail.outbox = []
    with rolled_back():
        client = client_for(own_address=True)
        response = client.post("/accounts/signup/", {"username": username, "email": email})

        assert_not_server_error(response)
        surely_invalid_form = expected_username(username) is INVALID or contains_nul(email)
        if surely_invalid_form:
            assert response.status_code == 200
            assert 'role="alert"' in page(response) or "is-invalid" in page(response)
        if response.status_code != 302:
            assert mail.outbox == []
            assert not User.objects.filter(is_staff=False).exists()
            return
        assert response["Location"] == "/accounts/signup/sent/"
        assert [message.to for message in mail.outbox] == [[expected_email(email)]]
        link = SIGNUP_LINK.search(mail.outbox[0].body).group(1)
        response = client.post(
            link, {"new_password1": password1, "new_password2": password2}, follow=True
        )

        assert_not_server_error(response)
        created = User.objects.filter(is_staff=False).first()
        surely_valid = (
            re.fullmatch(r"[a-z0-9]+@[a-z]+\.(org|kg|рф|ORG)", email)
            and password1 == password2
            and re.fullmatch(f"[{re.escape(PASSWORD_LETTERS)}]{{12,}}", password1)
            and not password1.isdigit()
        )
        if surely_valid:
            assert created is not None, response.context["form"].errors
        if password1 != password2 or contains_nul(password1):
            assert created is None
            assert response.status_code == 200
            assert 'role="alert"' in page(response) or "is-invalid" in page(response)
        if created is not None:
            assert created.username == expected_username(username)
            assert created.email == expected_email(email)
            assert created.check_password(password1)
            assert str(client.session[SESSION_KEY]) == str(created.pk)
            assert escape(created.username) in page(response)  # "Welcome, …!"


@hostile_settings(max_examples=15)
@given(next_url=hostile_text)
@example(next_url="//evil.example/")
@example(next_url="/\x00/")
@example(next_url="\\\\evil.example")
def test_signup_never_follows_a_next_to_another_site(next_url):
    data = {"username": "bakyt", "email": "b@example.org", "next": next_url}
    password = {"new_password1": "(0)αβγ#12ξπ!", "new_password2": "(0)αβγ#12ξπ!"}
    mail.outbox = []
    with rolled_back():
        client = client_for(own_address=True)
        assert client.post("/accounts/signup/", data)["Location"] == "/accounts/signup/sent/"
        response = client.post(SIGNUP_LINK.search(mail.outbox[0].body).group(1), password)

        assert response.status_code == 302
        location = response["Location"]
        assert location in ("/plans/", iri_to_uri(next_url))
        assert not location.startswith(("//", "\\", "http"))


# --- Log-in, password reset and change --------------------------------------------------------

HOSTILE_USERNAME = "Айгүл_שלום.ﬁ-👍"  # what sign-up keeps is NFKC: "fi", not "ﬁ"
HOSTILE_PASSWORD = "  пароль 👨‍👧 \u202e\t"  # passwords are not stripped


@pytest.fixture
def hostile_user(db):
    username = unicodedata.normalize("NFKC", HOSTILE_USERNAME)
    return User.objects.create_user(username, email="aigul@example.org", password=HOSTILE_PASSWORD)


def test_the_hostile_user_logs_in_with_exactly_their_credentials(hostile_user):
    client = client_for()
    response = client.post(
        "/accounts/login/", {"username": hostile_user.username, "password": HOSTILE_PASSWORD}
    )

    assert response.status_code == 302
    assert str(client.session[SESSION_KEY]) == str(hostile_user.pk)


@hostile_settings(max_examples=40)
@given(username=hostile_text, password=hostile_text, next_url=hostile_text)
@example(username="\x00", password="x", next_url="")
@example(username=HOSTILE_USERNAME, password=HOSTILE_PASSWORD.strip(), next_url="")
@example(username="x" * 20000, password="x" * 20000, next_url="x" * 20000)
@example(username="x" * 256, password="x", next_url="")  # longer than axes' column
def test_login_never_fails_and_lets_in_only_the_exact_credentials(
    hostile_user, username, password, next_url
):
    with rolled_back():
        client = client_for()
        response = client.post(
            "/accounts/login/", {"username": username, "password": password, "next": next_url}
        )

        assert_not_server_error(response)
        exact = (
            expected_username(username) == hostile_user.username and password == HOSTILE_PASSWORD
        )
        if exact:
            assert response.status_code == 302
        else:
            # 200 with the form's error, or 429 once django-axes locks the username out.
            assert response.status_code in (200, 429)
            assert SESSION_KEY not in client.session


@hostile_settings(max_examples=30)
@given(email=st.one_of(hostile_text, valid_email, st.just("aigul@example.org")))
@example(email="aigul@example.org\x00")
@example(email=" AIGUL@example.ORG ")
def test_password_reset_never_fails_and_mails_only_the_account(hostile_user, email):
    mail.outbox = []
    with rolled_back():
        response = client_for(own_address=True).post("/accounts/password_reset/", {"email": email})

        assert_not_server_error(response)
        if "\x00" in email:
            assert response.status_code == 200
        if response.status_code == 302:
            addressed = [message.to for message in mail.outbox]
            if email.strip().lower() == "aigul@example.org":
                assert addressed == [["aigul@example.org"]]
            else:
                assert addressed == []
        else:
            assert response.status_code == 200
            assert mail.outbox == []


@hostile_settings(max_examples=25)
@given(uidb64=hostile_text, token=hostile_text, new_password=hostile_text)
@example(uidb64="\x00", token="set-password", new_password="x")
@example(uidb64="MQ", token="x" * 20000, new_password="x")
def test_password_reset_links_never_fail(hostile_user, uidb64, token, new_password):
    url = f"/accounts/reset/{path_segment(uidb64)}/{path_segment(token)}/"
    with rolled_back():
        client = client_for()
        assert_not_server_error(client.get(url))
        response = client.post(url, {"new_password1": new_password, "new_password2": new_password})

        assert_not_server_error(response)
        assert User.objects.get(pk=hostile_user.pk).check_password(HOSTILE_PASSWORD)


@hostile_settings(max_examples=25)
@given(old=st.one_of(hostile_text, st.just(HOSTILE_PASSWORD)), new1=hostile_text, new2=hostile_text)
@example(old=HOSTILE_PASSWORD, new1="\x00(0)αβγ#12ξπ!", new2="\x00(0)αβγ#12ξπ!")
@example(old=HOSTILE_PASSWORD, new1=" (0)αβγ#12ξπ! ", new2=" (0)αβγ#12ξπ! ")
def test_password_change_never_fails_and_keeps_the_new_password_exactly(
    hostile_user, old, new1, new2
):
    data = {"old_password": old, "new_password1": new1, "new_password2": new2}
    with rolled_back():
        user = User.objects.get(pk=hostile_user.pk)  # not the fixture's object: it outlives this
        response = client_for(user).post("/accounts/password_change/", data)

        assert_not_server_error(response)
        user.refresh_from_db()
        if response.status_code == 302:
            assert response["Location"] == "/accounts/password_change/done/"
            assert old == HOSTILE_PASSWORD and new1 == new2 and "\x00" not in new1
            assert user.check_password(new1)  # kept as typed, spaces and all
        else:
            assert response.status_code == 200
            assert user.check_password(HOSTILE_PASSWORD)
