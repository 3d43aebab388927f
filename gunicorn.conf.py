"""gunicorn settings for `make serve`; each can be overridden by its GUNICORN_* variable."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are quick and CPU-bound; nginx in front buffers slow clients.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# A worker restarts after this many requests, so a slow leak can never take the site down. Each
# restart costs the new worker ~0.3 s of imports and cold caches (kept pages, the search index),
# so it must be rare: at 2,000 a loaded site (1,300 requests/s over 5 workers) restarted a worker
# every ~8 s; at 50,000 that is every ~3 minutes at full load, hours at an ordinary day's. The
# jitter (10 %) keeps the workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
