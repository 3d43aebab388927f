import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(**env):
    """Import the WSGI application in a fresh process, as gunicorn does."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "HTTPS")}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_the_site_does_not_start_without_a_secret_key_outside_debug():
    result = start()
    assert result.returncode != 0
    assert "SECRET_KEY must be set unless DEBUG=1" in result.stderr


def test_it_starts_with_a_key_or_in_debug():
    assert start(SECRET_KEY="x" * 60).returncode == 0
    assert start(DEBUG="1").returncode == 0


@pytest.mark.parametrize(
    "name,value",
    [
        ("DEBUG", "maybe"),
        ("DATABASE_CONN_MAX_AGE", "soon"),
        ("BEHIND_PROXY", "nginx"),
        ("TRUSTED_PROXY_COUNT", "0"),
        ("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "many"),
        ("PORTAL_TIME_ZONE", "Mars/Olympus_Mons"),
        ("PORTAL_TIME_ZONE", "../../etc/passwd"),
    ],
)
def test_a_bad_value_stops_the_start_with_a_clear_message(name, value):
    result = start(**{"DEBUG": "1", name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr
