"""Background work: jobs that run in a worker process, not in a reader's or editor's request.

Jobs go through the Tasks API (``django_tasks``, ``django.tasks`` from Django 6.0) to the
backend ``settings.TASKS`` names: rows in the database for ``manage.py db_worker``, or, with
``REDIS_URL``, RQ jobs for ``manage.py rqworker --with-scheduler``. A queued job is stored, so it
outlives the web process that queued it and a restarted worker picks it up.

The Tasks API runs a job once. ``retried`` is ``@task`` with retries: when the job raises, it is
queued again to run after a wait that doubles each time (``NEWSROOM_TASK_RETRY_SECONDS``,
then twice that, ...) until ``NEWSROOM_TASK_ATTEMPTS`` attempts have failed. Each attempt is a
job of its own, its number in the keyword argument ``attempt``:

- an attempt that failed with another to come ends FAILED with ``RetryScheduled``, the error
  that caused it in its traceback;
- the last attempt ends FAILED with the error itself, which is what the admin's "Task results"
  list shows to the staff who look after the site.

A backend that cannot run a job later (the immediate backend of the test settings) gets one
attempt. This module imports no app: any app's job can use it.
"""

import functools
import logging
from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends

logger = logging.getLogger(__name__)


class RetryScheduled(Exception):
    """This attempt failed and another is queued; the error that caused it is chained."""


def retried(function=None, *, attempts=None, **task_options):
    """``@retried`` (or ``@retried(attempts=3, queue_name=...)``) in place of ``@task``.

    The function must take JSON-serialisable arguments and no argument named ``attempt``;
    ``attempts`` defaults to ``NEWSROOM_TASK_ATTEMPTS``. Enqueue it as any task:
    ``send_mail_job.enqueue(comment_id)``."""

    def decorate(func):
        @functools.wraps(func)  # the task's import path stays the function's own
        def run(*args, attempt=1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                limit = attempts or settings.NEWSROOM_TASK_ATTEMPTS
                if attempt >= limit or not job.get_backend().supports_defer:
                    raise
                wait = settings.NEWSROOM_TASK_RETRY_SECONDS * 2 ** (attempt - 1)
                run_after = timezone.now() + timedelta(seconds=wait)
                again = job.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
                logger.warning(
                    "Job %s failed (attempt %s of %s): %s; attempt %s in %s s as job %s.",
                    job.name,
                    attempt,
                    limit,
                    exc,
                    attempt + 1,
                    wait,
                    again.id,
                )
                raise RetryScheduled(
                    f"Attempt {attempt} of {limit} failed; attempt {attempt + 1} runs after "
                    f"{run_after:%Y-%m-%d %H:%M:%S %Z} as job {again.id}."
                ) from exc

        job = task(**task_options)(run)
        return job

    return decorate(function) if function is not None else decorate


def enqueue_or_log(job, *args, what):
    """Queue ``job``; when the queue cannot take it, log "Could not queue ``what``." and go on:
    for jobs whose loss costs a convenience, not the work (an email about something that waits
    in a queue on the admin index anyway)."""
    try:
        return job.enqueue(*args)
    except Exception:
        logger.exception("Could not queue %s.", what)
        return None


def enqueue_or_run(job, *args):
    """Queue ``job``; when the queue cannot take it (Redis or the database is down, or stalled
    past its timeout), log that and run it here and now instead, so the work is not lost with
    the queue. For jobs whose work must happen and may run in a request: renditions, reindexing.
    What ran here that failed too is logged, not raised: the request's own work is done."""
    try:
        return job.enqueue(*args)
    except Exception:
        logger.exception("Could not queue job %s%r: running it now.", job.name, args)
    try:
        return job.call(*args)
    except Exception:
        logger.exception("Job %s%r failed in the request too.", job.name, args)
        return None


def pending(alias=DEFAULT_TASK_BACKEND_ALIAS):
    """Jobs due to run and not yet started, for the health check: ``{"backend", "ready",
    "oldest_wait_seconds"}`` (the wait of the job that has been due longest, None when there is
    none). A backend that stores no jobs (immediate) reports None for both."""
    backend = task_backends[alias]
    kind = type(backend).__module__.split(".")[0]
    if kind == "django_tasks_db":
        ready, since = _database_pending(alias)
    elif kind == "django_tasks_rq":
        ready, since = _rq_pending(backend)
    else:
        return {"backend": type(backend).__name__, "ready": None, "oldest_wait_seconds": None}
    wait = None if since is None else max(0, round((timezone.now() - since).total_seconds()))
    return {"backend": type(backend).__name__, "ready": ready, "oldest_wait_seconds": wait}


def _database_pending(alias):
    from django.db.models import Count, Min, Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A job queued to run at once has run_after set to the far future's sentinel: it has been
    # waiting since it was queued; a deferred one (a retry) since its run_after.
    at_once = Q(run_after=get_date_max())
    found = (
        DBTaskResult.objects.ready()
        .filter(backend_name=alias)
        .aggregate(
            ready=Count("pk"),
            queued=Min("enqueued_at", filter=at_once),
            due=Min("run_after", filter=~at_once),
        )
    )
    since = min((t for t in (found["queued"], found["due"]) if t is not None), default=None)
    return found["ready"], since


def _rq_pending(backend):
    import django_rq

    ready, since = 0, None
    for name in sorted(backend.queues):
        queue = django_rq.get_queue(name)
        ready += queue.count
        oldest = queue.get_jobs(0, 1)  # jobs are queued at the end: the first waited longest
        if oldest and oldest[0].enqueued_at is not None:
            enqueued = oldest[0].enqueued_at
            if timezone.is_naive(enqueued):
                enqueued = timezone.make_aware(enqueued, UTC)
            since = enqueued if since is None else min(since, enqueued)
    return ready, since
