import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_a_database_outage_answers_503_with_retry_after(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("toolkit.views.get_object_or_404", broken)
    response = client.get("/toolkit/think/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "cannot reach its database" in response.content.decode()


def test_other_errors_are_not_hidden(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("toolkit.views.get_object_or_404", broken)
    with pytest.raises(ValueError):
        client.get("/toolkit/think/")
