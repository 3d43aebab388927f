"""Print, for each toolkit page, its database queries and the bytes of a first and a repeat load.

First load = the HTML plus every stylesheet and script it links, each gzip-compressed as whitenoise
serves it; a repeat load is the HTML alone (static files are hashed and cached far-future).
Runs against a scratch SQLite database filled from fixtures/. Usage: make bench
"""

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
SCRATCH = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ENGLISH_PAGES = [
    "/",
    "/about/",
    "/toolkit/think/",
    "/toolkit/plan/",
    "/toolkit/act/",
    "/toolkit/further-reading/",
    "/annexes/socio-ecological-model/",
    "/annexes/topics/",
]
# The same pages in Russian: longer words, two bytes a letter before compression.
PAGES = ENGLISH_PAGES + ["/ru" + path for path in ENGLISH_PAGES]
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
BUDGET = 60 * 1024


def gzipped_size(data):
    return len(gzip.compress(data, compresslevel=9))


def asset_size(url):
    path = finders.find(url.split(settings.STATIC_URL, 1)[1])
    return gzipped_size(Path(path).read_bytes())


def main():
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_content", verbosity=0)
    client = Client()
    print(
        f"{'page':36} {'queries':>7} {'HTML gz':>8} {'assets gz':>9} {'first load':>10} "
        f"{'repeat':>7}  budget 60 KB"
    )
    for path in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        html = response.content
        assets = ASSET.findall(html.decode())
        html_size = gzipped_size(html)
        assets_size = sum(asset_size(url) for url in assets)
        first = html_size + assets_size
        verdict = "ok" if first <= BUDGET else "OVER"
        print(
            f"{path:36} {len(queries):7d} {html_size:8,d} {assets_size:9,d} {first:10,d} "
            f"{html_size:7,d}  {verdict} ({len(assets)} assets, raw HTML {len(html):,d} B)"
        )


if __name__ == "__main__":
    main()
