"""gunicorn settings for `make serve`: a production-like server on loopback.

Workers: sync, 3 by default (``WEB_CONCURRENCY``), for a 2-core machine. A page is CPU-bound
Python (a template render, or a stored page copied out), so more processes than cores only add
memory and context switches; one more than the cores keeps both busy while a worker waits on
the database or the network. Threads would not help: the GIL lets one run at a time.
``preload_app`` imports Django once, before forking, so the workers share those pages.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "3"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
preload_app = True
# Longer than any page takes; a worker stuck longer than this is restarted.
timeout = 30
graceful_timeout = 10
keepalive = 5
# Requests are not logged one by one (the benchmark would measure the log); errors are.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
