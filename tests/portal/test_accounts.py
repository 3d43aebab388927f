"""Accounts: sign-up, log-in and log-out, password change and reset, log-in throttling."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.messages import get_messages
from django.core import mail

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
SIGNUP_SENT = "/accounts/signup/sent/"
LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
PASSWORD_CHANGE = "/accounts/password_change/"
PASSWORD_RESET = "/accounts/password_reset/"
PLANS = "/plans/"
ROLES = ["anonymous", "outsider", "viewer", "editor", "organiser", "owner", "staff"]
GOOD_PASSWORD = "tea-garden-41-kites"


def signup_data(**changes):
    data = {"username": "amina", "email": "amina@example.org"}
    data.update(changes)
    return data


def sign_up(client, password=GOOD_PASSWORD, url=SIGNUP, **changes):
    """The whole sign-up: the form, the link from the e-mail, the password."""
    response = client.post(url, signup_data(**changes))
    assert response["Location"] == SIGNUP_SENT
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body)
    return client.post(link.group(1), {"new_password1": password, "new_password2": password})


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


# Sign-up


@pytest.mark.parametrize("role", ROLES)
def test_only_anonymous_visitors_get_the_signup_form(client, cast, role):
    if cast[role]:
        client.force_login(cast[role])
    response = client.get(SIGNUP)
    if role == "anonymous":
        assert response.status_code == 200
        page = response.content.decode()
        assert "<h1>Create an account</h1>" in page
        for name in ("username", "email"):
            assert f'name="{name}"' in page
        assert 'type="password"' not in page  # chosen after the e-mail link
    else:
        assert response.status_code == 302
        assert response["Location"] == PLANS


def test_it_mails_a_link_then_creates_the_account_logs_in_and_welcomes(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response["Location"] == SIGNUP_SENT
    assert not get_user_model().objects.exists()
    assert mail.outbox[0].to == ["amina@example.org"]

    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", mail.outbox[0].body)
    response = client.post(
        link.group(1), {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == PLANS
    user = get_user_model().objects.get(username="amina")
    assert user.email == "amina@example.org"
    assert user.check_password(GOOD_PASSWORD)
    assert str(logged_in_user_id(client)) == str(user.pk)
    assert any("Welcome" in str(m) for m in get_messages(response.wsgi_request))


def test_it_normalises_the_email_domain(client):
    sign_up(client, email="Amina@EXAMPLE.ORG")
    assert get_user_model().objects.get(username="amina").email == "Amina@example.org"


def test_it_follows_a_next_on_this_site(client):
    response = sign_up(client, url=SIGNUP + "?next=/toolkit/plan/")
    assert response["Location"] == "/toolkit/plan/"

    client.logout()
    response = sign_up(client, username="bakyt", next="/networks/join/abc/")
    assert response["Location"] == "/networks/join/abc/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_it_ignores_a_next_to_another_site(client, next_url):
    page = client.get(SIGNUP, {"next": next_url}).content.decode()
    assert "evil.example" not in page and "javascript:" not in page

    response = sign_up(client, next=next_url)
    assert response.status_code == 302
    assert response["Location"] == PLANS
    assert get_user_model().objects.filter(username="amina").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "Enter your e-mail address."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"username": "no spaces allowed"}, "Enter a valid username."),
        ({"username": "x" * 151}, "at most 150 characters"),
    ],
)
def test_it_shows_what_is_wrong(client, owner, changes, message):
    response = client.post(SIGNUP, signup_data(**changes))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    assert 'aria-invalid="true"' in page
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        (GOOD_PASSWORD, "another-password-77", "The two password fields didn’t match."),
        ("password123", "password123", "too common"),
        ("47120398", "47120398", "entirely numeric"),
        ("amina_77", "amina_77", "too similar to the username"),
    ],
)
def test_the_password_step_shows_what_is_wrong_and_keeps_no_password(
    client, password1, password2, message
):
    client.post(SIGNUP, signup_data())
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    response = client.post(link, {"new_password1": password1, "new_password2": password2})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    assert password1 not in page and password2 not in page
    assert not get_user_model().objects.exists()
    assert logged_in_user_id(client) is None


def test_a_taken_name_is_not_revealed_on_the_page(client, owner):
    response = client.post(SIGNUP, signup_data(username="Owner"), follow=True)
    page = response.content.decode()
    assert "Check your e-mail" in page
    assert "already exists" not in page and "taken" not in page
    assert get_user_model().objects.count() == 1


def test_an_empty_post_shows_the_required_fields(client):
    response = client.post(SIGNUP, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert get_user_model().objects.count() == 0


def test_it_keeps_the_typed_username(client):
    response = client.post(SIGNUP, signup_data(email="not-an-address"))
    assert 'value="amina"' in response.content.decode()


def test_user_text_is_escaped(client):
    response = client.post(SIGNUP, signup_data(username="<b>x</b>"))
    page = response.content.decode()
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_signup_refuses_other_methods(client, owner, method):
    assert getattr(client, method)(SIGNUP).status_code == 405
    client.force_login(owner)
    assert getattr(client, method)(SIGNUP).status_code == 405


# Log-in and log-out


def test_the_login_page_links_to_signup_and_password_reset(client):
    page = client.get(LOGIN, {"next": "/plans/new/"}).content.decode()
    assert "<h1>Log in</h1>" in page
    assert 'href="/accounts/signup/?next=/plans/new/"' in page
    assert 'href="/accounts/password_reset/"' in page
    assert 'name="next" value="/plans/new/"' in page


def test_it_logs_in_and_goes_to_next(client, owner):
    response = client.post(
        LOGIN, {"username": "owner", "password": "owner-password", "next": "/toolkit/act/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/toolkit/act/"
    assert str(logged_in_user_id(client)) == str(owner.pk)


def test_it_logs_in_to_the_plans_by_default(client, owner):
    response = client.post(LOGIN, {"username": "owner", "password": "owner-password"})
    assert response["Location"] == PLANS


def test_a_wrong_password_is_explained(client, owner):
    response = client.post(LOGIN, {"username": "owner", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_it_logs_out_on_post_only(client, owner):
    client.force_login(owner)
    assert client.get(LOGOUT).status_code == 405
    assert logged_in_user_id(client) is not None

    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) is None


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_login_refuses_other_methods(client, method):
    assert getattr(client, method)(LOGIN).status_code == 405


def test_a_put_to_login_never_logs_in(client, owner):
    response = client.put(LOGIN, "username=owner&password=owner-password")
    assert response.status_code == 405
    assert logged_in_user_id(client) is None


# Password change


@pytest.mark.parametrize("role", ROLES)
def test_password_change_needs_a_login(client, cast, role):
    if cast[role]:
        client.force_login(cast[role])
    response = client.get(PASSWORD_CHANGE)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={PASSWORD_CHANGE}"
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert "<h1>Change your password</h1>" in page
        assert f"You are logged in as {cast[role].username}." in page


def test_it_changes_the_password_and_stays_logged_in(client, owner):
    client.force_login(owner)
    response = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": "owner-password",
            "new_password1": GOOD_PASSWORD,
            "new_password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/done/"
    owner.refresh_from_db()
    assert owner.check_password(GOOD_PASSWORD)
    done = client.get(response["Location"])
    assert "Your password was changed" in done.content.decode()


def test_a_wrong_old_password_changes_nothing(client, owner):
    client.force_login(owner)
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": "wrong", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password("owner-password")


def test_password_change_refuses_other_methods(client, owner):
    client.force_login(owner)
    assert client.delete(PASSWORD_CHANGE).status_code == 405
    assert client.patch(PASSWORD_CHANGE).status_code == 405


def test_the_admins_password_change_shares_the_template_and_still_works(client, django_user_model):
    admin = django_user_model.objects.create_user("admin", password="admin-password", is_staff=True)
    client.force_login(admin)
    page = client.get("/admin/password_change/").content.decode()
    assert "<h1>Change your password</h1>" in page
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "admin-password",
            "new_password1": GOOD_PASSWORD,
            "new_password2": GOOD_PASSWORD,
        },
    )
    assert response["Location"] == "/admin/password_change/done/"
    admin.refresh_from_db()
    assert admin.check_password(GOOD_PASSWORD)


# Password reset


def test_the_password_reset_flow(client, owner):
    page = client.get(PASSWORD_RESET).content.decode()
    assert "<h1>Reset your password</h1>" in page

    response = client.post(PASSWORD_RESET, {"email": "owner@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.org"]
    assert message.subject == "Reset your password on testserver"
    assert "Your username is owner." in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    # The link sets the token in the session and moves to a URL without it.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url).content.decode()
    assert "<h1>Choose a new password</h1>" in page

    response = client.post(
        form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert response["Location"] == "/accounts/reset/done/"
    assert "Your new password is set" in client.get(response["Location"]).content.decode()
    owner.refresh_from_db()
    assert owner.check_password(GOOD_PASSWORD)

    # The link works once.
    page = client.get(link).content.decode()
    assert "This reset link does not work" in page


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, owner):
    response = client.post(PASSWORD_RESET, {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_a_broken_reset_link_says_so(client):
    page = client.get("/accounts/reset/MQ/bad-token/").content.decode()
    assert "This reset link does not work" in page
    assert 'href="/accounts/password_reset/"' in page


# Log-in throttling (django-axes)


def test_five_wrong_passwords_lock_that_username_out_from_this_address(client, owner, outsider):
    for _ in range(4):
        response = client.post(LOGIN, {"username": "owner", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": "owner", "password": "wrong"})
    assert response.status_code == 429

    response = client.post(LOGIN, {"username": "owner", "password": "owner-password"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-ins" in page
    assert "The password for owner was wrong 5 times in a row." in page
    assert "Please wait 15 minutes, then try again." in page
    assert 'href="/accounts/password_reset/"' in page
    assert logged_in_user_id(client) is None

    response = client.post(LOGIN, {"username": "outsider", "password": "outsider-password"})
    assert response.status_code == 302
    assert str(logged_in_user_id(client)) == str(outsider.pk)


def test_a_success_before_the_limit_resets_the_count(client, owner):
    for _ in range(4):
        client.post(LOGIN, {"username": "owner", "password": "wrong"})
    response = client.post(LOGIN, {"username": "owner", "password": "owner-password"})
    assert response.status_code == 302
    client.logout()
    for _ in range(4):
        assert client.post(LOGIN, {"username": "owner", "password": "wrong"}).status_code == 200
