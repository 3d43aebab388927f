"""Throughput and latency under gunicorn on loopback, against static files of the same size.

    .venv/bin/python benchmarks/load.py                     # SQLite, 10/50/200 clients
    .venv/bin/python benchmarks/load.py --database-url postgres://u:p@127.0.0.1/db
    .venv/bin/python benchmarks/load.py --fault ...         # kill a worker, restart the DB

Sets up a scratch database (migrate, content, a user with plans), starts gunicorn with the
production settings (DEBUG off) on a free loopback port, and for each page and each concurrency
runs closed-loop clients for a fixed time. Each page is also copied into the static files and
fetched through the same stack, so the figure that matters is the page's throughput as a share
of the static file's. Every request loop is bounded in time; traffic goes to 127.0.0.1 only.
"""

import argparse
import http.client
import multiprocessing
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url, workdir):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        AXES_FAILURE_LIMIT="1000",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


SETUP = r"""
import json, secrets, sys
import django
django.setup()
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from planner.models import InitiativePlan, PlanPart

clients = int(sys.argv[1])
User = get_user_model()
user, _ = User.objects.get_or_create(username="bench")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
example = InitiativePlan.objects.examples_for("en").first()
if example:
    overview = example.duplicate(owner=user)
else:
    overview = InitiativePlan.objects.create(owner=user, title="Bench")
writers = [
    str(InitiativePlan.objects.create(owner=user, title=f"Writer {i}").pk) for i in range(clients)
]
print(json.dumps({"session": session.session_key, "overview": str(overview.pk),
                  "writers": writers}))
"""


def setup_data(env, clients):
    import json

    out = subprocess.run(
        [PYTHON, "-c", SETUP, str(clients)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class Gunicorn:
    def __init__(self, env, port):
        self.env, self.port = env, port

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "portal.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request("GET", self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def workers(self):
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def request(method, port, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- The load: closed-loop clients in a few processes, each with threads. ---------------------


def client_loop(job, stop_at, results):
    method, port, path_for, body_for, headers = job
    state = {}
    if method == "POST":  # start from the step's current version, as a browser would
        state["version"] = saved_version(0, b"", port, path_for(state), headers)
    while time.monotonic() < stop_at:
        began = time.perf_counter()
        try:
            status, payload = request(method, port, path_for(state), body_for(state), headers)
        except OSError:
            status, payload = 0, b""
        results.append((time.perf_counter() - began, status))
        if method == "POST":
            state["version"] = saved_version(status, payload, port, path_for(state), headers)


VERSION_FIELD = re.compile(rb'name="version" value="(\d+)"')


def saved_version(status, payload, port, path, headers):
    """The step's version after a save: from the answer, or, when the save failed (and may or
    may not have landed), read again from the step page."""
    if status == 200:
        return int(re.search(rb'"version":\s*(\d+)', payload).group(1))
    try:
        page_status, page = request("GET", port, path, headers=headers)
    except OSError:
        return None
    match = VERSION_FIELD.search(page) if page_status == 200 else None
    return int(match.group(1)) if match else None


def process_main(jobs, duration, queue):
    stop_at = time.monotonic() + duration
    results = []
    threads = [threading.Thread(target=client_loop, args=(job, stop_at, results)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def run_load(jobs, duration, processes=4):
    queue = multiprocessing.Queue()
    shares = [jobs[i::processes] for i in range(processes)]
    workers = [
        multiprocessing.Process(target=process_main, args=(share, duration, queue))
        for share in shares
        if share
    ]
    for worker in workers:
        worker.start()
    results = [item for _ in workers for item in queue.get()]
    for worker in workers:
        worker.join()
    return results


def summarise(results, duration):
    latencies = sorted(latency for latency, _status in results)
    errors = sum(1 for _latency, status in results if not 200 <= status < 400)

    def percentile(p):
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {
        "requests": len(results),
        "rps": len(results) / duration,
        "p50": percentile(50),
        "p95": percentile(95),
        "p99": percentile(99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "errors": errors,
    }


def get_job(port, path, cookie=""):
    headers = {"Cookie": cookie} if cookie else {}
    return ("GET", port, lambda state: path, lambda state: None, headers)


def save_job(port, plan_id, session, csrf):
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Autosave": "1",
        "X-CSRFToken": csrf,
        "Referer": f"http://127.0.0.1:{port}/",
    }
    path = f"/plans/{plan_id}/steps/1/"

    def body(state):
        state["n"] = state.get("n", 0) + 1
        return urlencode(
            {
                "version": state.get("version") or 0,
                "age": "18-25",
                "barriers": f"Shift work, save {state['n']}",
                "csrfmiddlewaretoken": csrf,
            }
        )

    return ("POST", port, lambda state: path, body, headers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--concurrency", default="10,50,200")
    parser.add_argument("--fault", action="store_true", help="kill a worker, restart the DB")
    args = parser.parse_args()
    levels = [int(level) for level in args.concurrency.split(",")]

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = environment(args.database_url, workdir)
    if args.database_url:
        manage(env, "flush", "--no-input")
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    manage(env, "load_content")
    data = setup_data(env, max(levels))
    csrf = secrets.token_hex(16)
    port = free_port()
    engine = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"

    cookie = f"sessionid={data['session']}"
    pages = {
        "toolkit page /toolkit/plan/": ("/toolkit/plan/", ""),
        "topics ?tag=family": ("/annexes/topics/?tag=family", ""),
        "plan overview": (f"/plans/{data['overview']}/", cookie),
    }
    # Static twins: each page's own HTML, served as a static file by the same stack.
    static_dir = ROOT / "staticfiles" / "bench"
    manage(env, "collectstatic", "--no-input")
    static_dir.mkdir(parents=True, exist_ok=True)
    with Gunicorn(env, port):
        for name, (path, page_cookie) in pages.items():
            status, html = request("GET", port, path, headers={"Cookie": page_cookie})
            assert status == 200, (name, status)
            (static_dir / f"{len(html)}.html").write_bytes(html)
            pages[name] = (path, page_cookie, f"/static/bench/{len(html)}.html", len(html))

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; database: {engine}; gunicorn workers: "
        f"{os.cpu_count() * 2 + 1} sync; {args.duration:.0f} s per run"
    )
    header = (
        f"{'target':34} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'errors':>6} {'static req/s':>12} {'ratio':>6}"
    )
    with Gunicorn(env, port) as server:
        if args.fault:
            fault_run(server, port, data, csrf, args, engine)
            return
        print(header)
        for name, (path, page_cookie, static_path, size) in pages.items():
            for clients in levels:
                page = summarise(
                    run_load([get_job(port, path, page_cookie)] * clients, args.duration),
                    args.duration,
                )
                static = summarise(
                    run_load([get_job(port, static_path)] * clients, args.duration), args.duration
                )
                print(
                    f"{name:34} {clients:7d} {page['rps']:8.1f} {page['p50']:8.1f} "
                    f"{page['p95']:8.1f} {page['p99']:8.1f} {page['errors']:6d} "
                    f"{static['rps']:12.1f} {page['rps'] / static['rps']:6.2f}"
                    f"   ({size:,d} B; static p95 {static['p95']:.1f} ms, "
                    f"errors {static['errors']})"
                )
        for clients in levels:
            jobs = [
                save_job(port, plan, data["session"], csrf) for plan in data["writers"][:clients]
            ]
            save = summarise(run_load(jobs, args.duration), args.duration)
            print(
                f"{'plan save (autosave POST)':34} {clients:7d} {save['rps']:8.1f} "
                f"{save['p50']:8.1f} {save['p95']:8.1f} {save['p99']:8.1f} "
                f"{save['errors']:6d}"
            )


def fault_run(server, port, data, csrf, args, engine):
    """Saves under load while a worker is killed and the database restarts; nothing is lost."""
    clients = 50
    duration = max(args.duration, 20)
    plans = data["writers"][:clients]
    jobs = [save_job(port, plan, data["session"], csrf) for plan in plans]
    events = []

    def faults():
        time.sleep(duration * 0.25)
        victim = server.workers()[0]
        os.kill(victim, signal.SIGKILL)
        events.append(f"t={duration * 0.25:.0f}s: killed gunicorn worker {victim}")
        time.sleep(duration * 0.25)
        if engine == "PostgreSQL":
            cluster = subprocess.run(
                ["pg_lsclusters", "--no-header"], capture_output=True, text=True
            ).stdout.split()[:2]
            began = time.monotonic()
            subprocess.run(["pg_ctlcluster", *cluster, "restart"], check=True)
            events.append(
                f"t={duration * 0.5:.0f}s: restarted PostgreSQL "
                f"({time.monotonic() - began:.1f} s to come back)"
            )
        else:
            events.append("SQLite has no server to restart: only the worker was killed")

    thread = threading.Thread(target=faults)
    thread.start()
    acknowledged, finished = saves_with_faults(jobs, duration)
    thread.join()
    for event in events:
        print(event)
    failed = [status for _at, status in finished if status != 200]
    print(
        f"saves: {len(finished)} requests, {len(failed)} failed, by status: "
        f"{ {status: failed.count(status) for status in sorted(set(failed))} }"
    )
    tail = [status for at, status in finished if at > duration - 3]
    print(
        f"last 3 s: {len(tail)} requests, {sum(1 for s in tail if s != 200)} failed "
        "(0 means it recovered by itself)"
    )
    stored = subprocess.run(
        [PYTHON, "-c", VERIFY, *plans],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    versions = dict(zip(plans, map(int, stored), strict=True))
    lost = [plan for plan, count in zip(plans, acknowledged, strict=True) if versions[plan] < count]
    print(
        f"acknowledged saves: {sum(acknowledged)}; versions stored: {sum(versions.values())}; "
        f"plans missing an acknowledged save: {len(lost)}"
    )


VERIFY = r"""
import sys
import django
django.setup()
from planner.models import PlanPart
versions = dict(PlanPart.objects.filter(plan_id__in=sys.argv[1:]).values_list("plan_id", "version"))
print(" ".join(str(versions.get(__import__("uuid").UUID(plan), 0)) for plan in sys.argv[1:]))
"""


def saves_with_faults(jobs, duration):
    """Each client saves its own plan in a loop, re-reading the version after any failure."""
    start = time.monotonic()
    stop_at = start + duration
    acknowledged = [0] * len(jobs)
    finished = []

    def client(index):
        method, port, path_for, body_for, headers = jobs[index]
        state = {}
        while time.monotonic() < stop_at:
            try:
                status, payload = request(method, port, path_for(state), body_for(state), headers)
            except OSError:
                status, payload = 0, b""
            finished.append((time.monotonic() - start, status))
            if status == 200:
                acknowledged[index] += 1
            else:
                time.sleep(0.2)
            state["version"] = saved_version(status, payload, port, path_for(state), headers)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return acknowledged, finished


if __name__ == "__main__":
    sys.exit(main())
