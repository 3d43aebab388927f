"""How the pages that list things grow with what they list: a table for benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/growth.py                  # a scratch SQLite database
    .venv/bin/python benchmarks/growth.py --requests 50
    .venv/bin/python benchmarks/growth.py --database-url postgres://u:p@127.0.0.1/db

For the plan list at 1 / 50 / 500 plans, a network's page (as its organiser) at 1 / 50 / 500
members, and a step's history page and the plan overview at 1 / 21 / 200 saved versions of the
step (step 2, whose stakeholders list the history compares), prints the median time of N
requests, the page's queries and its size, and each against the same page at 1. Each size is
its own user, network or plan, so all are set up once; the timed requests go to the sizes in
turns, so that the machine's load (other work on it) weighs on each size alike. The queries are
those of one more request, with the content stamp read afresh (as each second on a process).
Every request renders: a plan's pages kept whole (planner/kept_pages.py) are put aside.

In process, with Django's test client: the production settings (DEBUG off, so templates are
cached and no query log is kept outside the counted request), no web server, one request at a
time. The times are the view's and the middleware's alone; load.py measures under gunicorn.

SQLite: a scratch file in a temporary directory. PostgreSQL: `--database-url` names a server
and a database the role can log in to; the script creates a scratch database beside it
(`<name>_growth_<random>`, which needs the CREATEDB right) and drops it at the end: the named
database itself is never touched.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scratch_db import ScratchPostgres

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TIME_GROWTH = 1.5  # the issue: the page at 500 costs at most 1.5x the page at 1


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL server (see above)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (20)")
    parser.add_argument("--sizes", default="1,50,500", help="plans and members (1,50,500)")
    parser.add_argument("--versions", default="1,21,200", help="saved versions (1,21,200)")
    return parser.parse_args()


def settings_environment(database_url):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url,
        LOG_LEVEL="ERROR",
    )


def measure(readers, requests):
    """For each (client, path) of one page's sizes: (median ms, p90 ms, queries, bytes).

    Two untimed requests each, then the timed ones in turns (one request to each size, then
    the next round), so that a change in the machine's load is shared by all the sizes."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.page_cache import forget_held_stamp

    for client, path in readers:
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert b"/accounts/logout/" in response.content, (path, "not logged in")
    times = [[] for _ in readers]
    for _ in range(requests):
        for (client, path), timed in zip(readers, times, strict=True):
            caches["plan_pages"].clear()  # the page rendered, not a plan's page kept whole
            began = time.perf_counter()
            client.get(path)
            timed.append((time.perf_counter() - began) * 1000)
    results = []
    for (client, path), timed in zip(readers, times, strict=True):
        # The content stamp read afresh, as on a process's first request each second: so
        # the count does not depend on how long the timed requests took.
        forget_held_stamp()
        caches["plan_pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        timed.sort()
        p90 = timed[min(len(timed) - 1, int(0.9 * len(timed)))]
        results.append((statistics.median(timed), p90, len(queries), len(response.content)))
    return results


def set_up(sizes, versions):
    """Every page to measure: (label, what grows, [(n, user, path)])."""
    from bench_data import make_network, make_plans, make_versions, user

    from planner.models import PlanPart

    plan_lists, networks, histories, overviews = [], [], [], []
    organiser = user("growth-organiser")
    for n in sizes:
        owner = user(f"growth-plans-{n}")
        make_plans(owner, n)
        plan_lists.append((n, owner, "/plans/"))
        slug = make_network(f"Growth network of {n}", organiser, n)
        networks.append((n, organiser, f"/networks/{slug}/"))
    writer = user("growth-writer")
    for n in versions:
        plan = make_plans(writer, 1)[0]
        part = PlanPart.objects.get(plan=plan, kind=PlanPart.Kind.STAKEHOLDERS)
        make_versions(part, n, writer)
        histories.append((n, writer, f"/plans/{plan.pk}/history/stakeholders/"))
        overviews.append((n, writer, f"/plans/{plan.pk}/"))
    return [
        ("plan list /plans/", "plans", plan_lists, "time"),
        ("network page (organiser)", "members", networks, "time"),
        ("step 2 history page", "versions", histories, "queries"),
        ("plan overview", "versions", overviews, "queries"),
    ]


def verdict(goal, first, last):
    """The issue's goal for the page, judged on its largest size against its size 1."""
    if goal == "time":
        ok = last[0] / first[0] <= TIME_GROWTH
        return f"goal time <= {TIME_GROWTH:g}x: {'ok' if ok else 'MISS'}"
    ok = last[2] == first[2]
    return f"goal queries constant: {'ok' if ok else 'MISS'}"


def report(pages, requests):
    from django.test import Client

    print(
        f"{'page':26} {'grows with':10} {'n':>5} {'median ms':>9} {'p90 ms':>7} {'queries':>7} "
        f"{'HTML B':>9} {'time vs 1':>9} {'queries vs 1':>12}"
    )
    for label, grows, rows, goal in pages:
        readers = []
        for _n, reader, path in rows:
            client = Client()
            client.force_login(reader)
            readers.append((client, path))
        results = measure(readers, requests)
        first = results[0]
        for index, ((n, _reader, _path), result) in enumerate(zip(rows, results, strict=True)):
            median, p90, queries, size = result
            print(
                f"{label if index == 0 else '':26} {grows if index == 0 else '':10} {n:5d} "
                f"{median:9.1f} {p90:7.1f} {queries:7d} {size:9,d} {median / first[0]:8.2f}x "
                f"{queries - first[2]:+12d}"
                + (f"  {verdict(goal, first, result)}" if index == len(rows) - 1 else ""),
                flush=True,
            )


def main():
    args = arguments()
    sizes = [int(n) for n in args.sizes.split(",")]
    versions = [int(n) for n in args.versions.split(",")]
    if args.database_url:
        if not args.database_url.startswith("postgres"):
            sys.exit("--database-url: a PostgreSQL server (SQLite needs no URL)")
        with ScratchPostgres(args.database_url, "growth") as url:
            run(url, "PostgreSQL", sizes, versions, args.requests)
    else:
        scratch = Path(tempfile.mkdtemp(prefix="portal-growth-")) / "growth.sqlite3"
        run(f"sqlite:///{scratch}", "SQLite", sizes, versions, args.requests)


def run(database_url, engine, sizes, versions, requests):
    import platform

    settings_environment(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_content", verbosity=0)
    began = time.monotonic()
    pages = set_up(sizes, versions)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; database: {engine}; in process, production settings, "
        f"one request at a time; median of {requests} requests (sizes in turns) after 2 untimed; "
        f"set-up took "
        f"{time.monotonic() - began:.1f} s"
    )
    report(pages, requests)


if __name__ == "__main__":
    main()
