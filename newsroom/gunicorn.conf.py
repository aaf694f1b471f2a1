"""gunicorn settings for `SERVER=gunicorn make serve`: a production-like server on loopback.

Workers: one a core (``WORKERS``, 2 from the Makefile). A page is CPU-bound Python (a template
render, or a stored page copied out), so more processes than cores only add memory and context
switches. Each worker is ``gthread`` with 4 threads: with no proxy in front, threads keep
connections alive (sync workers close each one, and a slow client would hold a whole worker),
and one thread runs while another waits on the database; the GIL lets only one compute at a time.
``preload_app`` imports Django once, before forking, so the workers share those pages.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
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
