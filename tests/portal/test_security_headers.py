import pytest

pytestmark = pytest.mark.django_db

EXPECTED_CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


@pytest.fixture
def pages(client, all_content, staff_user):
    """A reading page, a page with a form, and the admin (as staff)."""

    def get(name):
        if name == "admin":
            client.force_login(staff_user)
            return client.get("/admin/")
        return client.get({"page": "/toolkit/think/", "form": "/accounts/login/"}[name])

    return get


@pytest.mark.parametrize("name", ["page", "form", "admin"])
def test_every_kind_of_page_sends_the_security_headers(pages, name):
    response = pages(name)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in EXPECTED_CSP:
        assert directive in csp
    assert "unsafe-inline" not in csp.split("style-src")[0]  # never for scripts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_form_page_sets_a_samesite_httponly_csrf_cookie(pages):
    cookie = pages("form").cookies["csrftoken"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


def test_the_session_cookie_is_samesite_and_httponly(client, staff_user):
    response = client.post("/accounts/login/", {"username": "staff", "password": "staff-password"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


def test_a_post_without_csrf_token_is_refused(db, staff_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_user)
    assert strict.post("/accounts/logout/").status_code == 403
    assert strict.post("/networks/new/", {"name": "No token"}).status_code == 403


def test_an_oversized_request_body_is_refused_with_400(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 400


def test_production_settings_turn_on_https_protections(monkeypatch):
    import importlib

    import portal.settings as production

    monkeypatch.setenv("HTTPS", "1")
    monkeypatch.setenv("BEHIND_PROXY", "1")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    reloaded = importlib.reload(production)
    try:
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SECURE_SSL_REDIRECT
        assert reloaded.SECURE_HSTS_SECONDS >= 31536000
        assert reloaded.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    finally:
        monkeypatch.undo()
        importlib.reload(production)
