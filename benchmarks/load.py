"""Throughput and latency under gunicorn on loopback, against static files of the same size.

    .venv/bin/python benchmarks/load.py                     # SQLite, 50 and 200 clients
    .venv/bin/python benchmarks/load.py --targets overview,search --concurrency 10 --duration 2
    .venv/bin/python benchmarks/load.py --database-url postgres://u:p@127.0.0.1/db
    .venv/bin/python benchmarks/load.py --fault ...         # kill a worker, restart the DB

Sets up a scratch database (SQLite: a temporary file; PostgreSQL: a database created beside the one
--database-url names, which needs the CREATEDB right, and dropped at the end; migrate, content; a
user owning a copy of the example plan and one plan per saving client; a user with 1 plan and one
with --many (500); a network of 1 member and one of 500, both organised by one user), starts
gunicorn with the production settings (DEBUG off) on a free loopback port, and for each target and
each concurrency runs closed-loop clients for a fixed time against the page, then against its
static twin: the page's own bytes copied into the static files and fetched through the same stack.
The figure that matters is the page's throughput as a share of the twin's (`ratio`) and its p99
against the twin's (`p99 x`); each row says whether it meets the issue's goal. Every page must
answer 200 before the load starts.

Targets: the reading pages kept for anonymous readers (toolkit, topics), the plan overview and
step 2 (its stakeholders list) as the owner, search in English and Russian (anonymous, and
logged in: each kept after its first request in each worker, the logged-in copy with the
reader's name and CSRF token filled in), the plan list
at 1 and 500 plans, a network page at 1 and 500 members as its organiser, and the autosave POST
(each client saving its own plan; its twin is a GET of a static file the size of its answer).
The default, 50 and 200 clients for 10 s after a 2 s warm-up, takes about 9 minutes per
database (more when a page is so slow that clients time out: the next run waits for the
workers to be idle).

Every request loop is bounded in time; traffic goes to 127.0.0.1 only.
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from scratch_db import ScratchPostgres

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
import json, sys
import django
django.setup()
sys.path.insert(0, "benchmarks")
from bench_data import example_plan, make_network, make_plans, session_for, user
from planner.models import InitiativePlan

clients, many = int(sys.argv[1]), int(sys.argv[2])
# The owner of the overview plan (a copy of the example) and of one plan per saving client.
bench = user("bench")
example = example_plan()
if example:
    overview = example.duplicate(owner=bench)
else:
    overview = InitiativePlan.objects.create(owner=bench, title="Bench")
writers = [
    str(InitiativePlan.objects.create(owner=bench, title=f"Writer {i}").pk) for i in range(clients)
]
# The plan list of someone with 1 plan and of someone with `many`; two networks of 1 and of
# `many` members, with one organiser.
one, lots, organiser = user("bench-one-plan"), user("bench-many-plans"), user("bench-organiser")
make_plans(one, 1)
make_plans(lots, many)
small = make_network("Bench network of 1", organiser, 1)
large = make_network(f"Bench network of {many}", organiser, many)
print(json.dumps({
    "session": session_for(bench), "overview": str(overview.pk), "writers": writers,
    "one_plan": session_for(one), "many_plans": session_for(lots),
    "organiser": session_for(organiser), "small_network": small, "large_network": large,
}))
"""


def setup_data(env, clients, many):
    import json

    out = subprocess.run(
        [PYTHON, "-c", SETUP, str(clients), str(many)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class Gunicorn:
    """gunicorn with the project's config; its log (errors, tracebacks) goes to `log`."""

    def __init__(self, env, port, log=os.devnull):
        self.env, self.port, self.log = env, port, log

    def __enter__(self):
        self.log_file = open(self.log, "ab")  # closed in __exit__
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
            stderr=self.log_file,
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

    def cpu_seconds(self):
        """CPU time the workers have used so far (user + system)."""
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # a worker that just ended
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def settle(self, limit=90):
        """Wait until the workers are idle (under 5 % of a core over half a second). A client
        that gave up on a slow answer (30 s timeout) leaves its request running, and requests
        still queued are answered after the run: either would slow the next run down."""
        deadline = time.monotonic() + limit
        used = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - used < 0.025:
                return
            used = now

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log_file.close()


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


@dataclass
class Target:
    """One page under load. `session`: whose session cookie it is fetched with (a key of the
    setup's data, "" for an anonymous reader). `goal`: the throughput as a share of the static
    twin's the issue asks for (None: the page is judged against its other size instead);
    a kept page's goal is checked at 50 clients and its p99 must stay within 1.5x the static
    file's, as the issue asks of kept reading pages."""

    label: str
    path: str
    session: str = ""
    goal: float | None = None
    kept: bool = False
    method: str = "GET"


KEPT_P99 = 1.5  # a kept page's p99 / its static twin's p99
KEPT_AT = 50  # the concurrency a kept page's throughput goal is checked at
SIZE_COST = 1.5  # the page at `--many` may cost this much the page at 1 (req/s at 1 / at many)


def targets(data, many):
    """Every page the load runs against, by key (`--targets` picks among keys and labels)."""
    overview = f"/plans/{data['overview']}/"
    russian = quote("насилие")
    return {
        "toolkit": Target("toolkit page /toolkit/plan/", "/toolkit/plan/", kept=True, goal=0.9),
        "topics": Target("topics ?tag=family", "/annexes/topics/?tag=family", kept=True, goal=0.9),
        # Not a goal of the issue: a logged-in reader's kept page costs what identifying the
        # reader costs (session and user), the least any logged-in page can cost.
        "toolkit-user": Target(
            "toolkit page /toolkit/plan/ (logged in)", "/toolkit/plan/", "session"
        ),
        "overview": Target("plan overview", overview, "session", 0.25),
        "step2": Target("step 2 with lists (owner)", overview + "steps/2/", "session", 0.2),
        "search": Target("search ?q=violence (anonymous)", "/search/?q=violence", goal=0.5),
        "search-ru": Target(
            "search /ru/ ?q=насилие (anonymous)", f"/ru/search/?q={russian}", goal=0.5
        ),
        "search-user": Target(
            "search ?q=violence (logged in)", "/search/?q=violence", "session", 0.5
        ),
        "plans-1": Target("plan list, 1 plan", "/plans/", "one_plan"),
        f"plans-{many}": Target(f"plan list, {many} plans", "/plans/", "many_plans"),
        "network-1": Target(
            "network, 1 member (organiser)", f"/networks/{data['small_network']}/", "organiser"
        ),
        f"network-{many}": Target(
            f"network, {many} members (organiser)",
            f"/networks/{data['large_network']}/",
            "organiser",
        ),
        "autosave": Target("plan save (autosave POST)", "", "session", 0.2, method="POST"),
    }


def chosen(all_targets, wanted):
    """The targets whose key or label contains one of the comma-separated `wanted` words."""
    if not wanted:
        return all_targets
    words = [word.strip().lower() for word in wanted.split(",") if word.strip()]
    return {
        key: target
        for key, target in all_targets.items()
        if any(word in key or word in target.label.lower() for word in words)
    }


def prepare(env, port, data, csrf, pages, log):
    """Fetch every page once (each must answer 200) and write its static twin: the same bytes,
    served as a static file by the same stack. The autosave's twin is its JSON answer: a POST
    to a static file is not possible, so it is compared with a GET of a file of that size."""
    static_dir = ROOT / "staticfiles" / "bench"
    manage(env, "collectstatic", "--no-input")
    static_dir.mkdir(parents=True, exist_ok=True)
    twins = {}
    with Gunicorn(env, port, log):
        for key, target in pages.items():
            if target.method == "POST":
                method, _port, path_for, body_for, headers = save_job(
                    port, data["writers"][0], data["session"], csrf
                )
                state = {"version": saved_version(0, b"", port, path_for({}), headers)}
                status, body = request(method, port, path_for(state), body_for(state), headers)
                name = f"{len(body)}.json"
            else:
                cookie = f"sessionid={data[target.session]}" if target.session else ""
                status, body = request("GET", port, target.path, headers={"Cookie": cookie})
                name = f"{len(body)}.html"
            if status != 200:
                tail = Path(log).read_text(errors="replace")[-3000:]
                sys.exit(f"{target.label}: {target.path} answered {status}\n{log}:\n{tail}")
            if target.method == "GET" and target.session and b"/accounts/logout/" not in body:
                sys.exit(f"{target.label}: {target.path} was not served to a logged-in reader")
            (static_dir / name).write_bytes(body)
            twins[key] = (f"/static/bench/{name}", len(body))
    return twins


def page_jobs(port, target, data, csrf, clients):
    if target.method == "POST":  # each client saves its own plan
        return [save_job(port, plan, data["session"], csrf) for plan in data["writers"][:clients]]
    cookie = f"sessionid={data[target.session]}" if target.session else ""
    return [get_job(port, target.path, cookie)] * clients


def verdict(target, clients, page, static):
    """What the issue asks of this row: no errors; the throughput goal; a kept page's p99."""
    misses = []
    if page["errors"] or static["errors"]:
        misses.append("errors")
    checks_ratio = target.goal is not None and (not target.kept or clients == KEPT_AT)
    if checks_ratio and page["rps"] / static["rps"] < target.goal:
        misses.append(f"ratio<{target.goal:g}")
    if target.kept and page["p99"] > KEPT_P99 * static["p99"]:
        misses.append(f"p99>{KEPT_P99:g}x")
    return "MISS " + ",".join(misses) if misses else "ok"


HEADER = (
    f"{'target':36} {'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    f"{'errors':>6} {'static req/s':>12} {'static p99':>10} {'ratio':>5} {'p99 x':>5} "
    f"{'goal':>5}  verdict"
)


def row(target, clients, page, static, size):
    goal = f"{target.goal:.2f}" if target.goal is not None else "-"
    note = f"{size:,d} B" + (f", static errors {static['errors']}" if static["errors"] else "")
    return (
        f"{target.label:36} {clients:7d} {page['rps']:7.1f} {page['p50']:7.1f} "
        f"{page['p95']:7.1f} {page['p99']:7.1f} {page['errors']:6d} {static['rps']:12.1f} "
        f"{static['p99']:10.1f} {page['rps'] / static['rps']:5.2f} "
        f"{page['p99'] / static['p99']:5.1f} {goal:>5}  {verdict(target, clients, page, static)}"
        f"   ({note})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--duration", type=float, default=10, help="seconds per run (10)")
    parser.add_argument(
        "--concurrency",
        default="50,200",
        help="comma-separated client counts (50,200: the issue's two; a full run then takes "
        "about 9 minutes per database at 10 s a run and 2 s warm-up)",
    )
    parser.add_argument(
        "--targets",
        default="",
        help="comma-separated words: only the targets whose key or label holds one "
        "(e.g. overview,search,plans); keys: toolkit topics toolkit-user overview step2 search "
        "search-ru search-user plans-1 plans-N network-1 network-N autosave",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=2,
        help="seconds of untimed load on each target and its twin before its first run (2)",
    )
    parser.add_argument("--many", type=int, default=500, help="the large plan list and network")
    parser.add_argument("--fault", action="store_true", help="kill a worker, restart the DB")
    args = parser.parse_args()
    levels = [int(level) for level in args.concurrency.split(",")]

    if args.database_url:
        with ScratchPostgres(args.database_url, "load") as url:
            benchmark(parser, args, levels, url)
    else:
        benchmark(parser, args, levels, "")


def benchmark(parser, args, levels, database_url):
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = environment(database_url, workdir)
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    manage(env, "load_content")
    data = setup_data(env, max([*levels, 50 if args.fault else 1]), args.many)
    csrf = secrets.token_hex(16)
    port = free_port()
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    pages = chosen(targets(data, args.many), "" if args.fault else args.targets)
    if not pages:
        parser.error(f"no target matches {args.targets!r}")
    log = workdir / "gunicorn.log"
    twins = prepare(env, port, data, csrf, pages, log)

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; database: {engine}; gunicorn workers: "
        f"{os.cpu_count() * 2 + 1} sync; {args.duration:g} s per run, page then its static twin"
    )
    with Gunicorn(env, port, log) as server:
        if args.fault:
            fault_run(server, port, data, csrf, args, engine)
            return
        print(HEADER)
        rates = {}
        for key, target in pages.items():
            static_path, size = twins[key]
            if args.warmup:  # each worker renders the page once, fills its caches
                run_load(page_jobs(port, target, data, csrf, min(levels)), args.warmup)
                run_load([get_job(port, static_path)] * min(levels), args.warmup)
            for clients in levels:
                server.settle()
                jobs = page_jobs(port, target, data, csrf, clients)
                page = summarise(run_load(jobs, args.duration), args.duration)
                server.settle()
                static = summarise(
                    run_load([get_job(port, static_path)] * clients, args.duration), args.duration
                )
                rates[key, clients] = page["rps"]
                print(row(target, clients, page, static, size), flush=True)
    print(
        "ratio = req/s / static req/s; p99 x = p99 / static p99. The static twin is the page's "
        "own bytes as a static file; the autosave's is a GET of a file the size of its JSON "
        "answer (a POST to a static file is not possible)."
    )
    size_costs(rates, levels, args.many)


def size_costs(rates, levels, many):
    """The large plan list and network against the same page at 1: cost = req/s at 1 / at many."""
    for what in ("plans", "network"):
        for clients in levels:
            small, large = rates.get((f"{what}-1", clients)), rates.get((f"{what}-{many}", clients))
            if small and large:
                cost = small / large
                print(
                    f"{what} at {many} vs at 1, {clients} clients: {cost:.2f}x the cost "
                    f"(goal <= {SIZE_COST:g}x: {'ok' if cost <= SIZE_COST else 'MISS'})"
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
