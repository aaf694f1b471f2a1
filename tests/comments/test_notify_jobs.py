"""Moderators' email as a background job, through the real backends and their workers: a job
outlives the web process that queued it, a refusing mail server is tried again later, and an
email that never goes out is left FAILED, error and all, where the site's staff can see it.

The rest of the suite runs jobs at once (newsroom/test_settings.py); here each test chooses the
database backend or RQ, as ``newsroom/settings.py`` does without and with ``REDIS_URL``."""

import logging
import os
import signal
import subprocess
import sys
import time
from unittest import mock

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from newsroom.settings import with_timeouts
from tests.comments import mail_backends
from tests.factories import comment_data, make_editor, make_moderator
from tests.redis_server import redis_server  # noqa: F401  (a fixture)

MODERATORS = ["mod1@newsroom.example", "mod2@newsroom.example"]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RESULTS = "admin:django_tasks_database_dbtaskresult_changelist"


@pytest.fixture
def moderators():
    return [make_moderator(f"mod{n}", email=address) for n, address in enumerate(MODERATORS, 1)]


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE_TASKS


def work_through_due_jobs():
    """What ``manage.py db_worker --batch`` does, in this process: run every job that is due,
    then stop. The worker's connection recycling would close the test's transaction, as the
    test client's does; like the test client, it is left out."""
    with mock.patch.object(db_worker, "close_old_connections"):
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()


def let_retries_fall_due():
    """As if every retry's wait had passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def manage(tmp_path, *command, **env):
    """Run ``manage.py`` in a process of its own, as ``make run`` starts a worker: the site's
    own settings on this test's database, email printed to its output."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    clean = {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ENV", "EMAIL_BACKEND"}
    environment = {key: value for key, value in os.environ.items() if key not in clean}
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=url,
        NEWSROOM_VAR_DIR=str(tmp_path),
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        **env,
    )
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *command],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_queued_email_survives_a_restart_and_the_next_worker_sends_it(
    article, post, moderators, database_backend, mailoutbox, tmp_path
):
    response = post(comment_data(article, comment="Who pays for the clean-up?"))
    assert response.status_code == 303
    # No worker ran: the web process could stop now, the job is a row in the database.
    job = DBTaskResult.objects.get()
    assert job.status == "READY"
    assert job.task_path == "comments.notify.email_moderators"
    assert mailoutbox == []

    worker = manage(tmp_path, "db_worker", "--batch", "--no-reload", "--no-startup-delay")

    for address in MODERATORS:
        assert f"To: {address}" in worker.stdout
    assert "Who pays for the clean-up?" in worker.stdout
    comment = Comment.objects.get()
    assert f"/admin/comments/comment/{comment.pk}/change/" in worker.stdout
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert job.return_value == 2


@pytest.mark.django_db
def test_a_slow_mail_server_does_not_delay_the_commenter(
    article,
    post,
    moderators,
    database_backend,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.comments.mail_backends.SlowBackend"
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(comment_data(article))
    assert response.status_code == 303
    assert time.monotonic() - started < 1.0
    assert mailoutbox == []
    work_through_due_jobs()
    assert sorted(message.to[0] for message in mailoutbox) == MODERATORS


@pytest.mark.django_db
def test_a_refusing_mail_server_is_tried_again_later_and_the_email_goes_out(
    article,
    post,
    moderators,
    database_backend,
    settings,
    monkeypatch,
    mailoutbox,
    caplog,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.comments.mail_backends.FlakyBackend"
    monkeypatch.setattr(mail_backends.FlakyBackend, "failures", 1)
    with django_capture_on_commit_callbacks(execute=True):
        post(comment_data(article))
    comment = Comment.objects.get()

    with caplog.at_level(logging.WARNING):
        work_through_due_jobs()

    assert mailoutbox == []
    assert f"Could not email moderators about held comment {comment.pk}" in caplog.text
    first = DBTaskResult.objects.get(status="FAILED")
    assert first.exception_class_path == "newsroom.tasks.RetryScheduled"
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in first.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {
        "args": [comment.pk, "http://testserver"],
        "kwargs": {"attempt": 2},
    }
    wait = (retry.run_after - first.finished_at).total_seconds()
    assert 29 <= wait <= 31  # NEWSROOM_TASK_RETRY_SECONDS
    work_through_due_jobs()
    assert mailoutbox == []  # not before the wait is over

    let_retries_fall_due()
    work_through_due_jobs()

    assert sorted(message.to[0] for message in mailoutbox) == MODERATORS
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"


@pytest.mark.django_db
def test_an_email_that_never_goes_out_is_left_failed_with_its_error_for_the_staff(
    article,
    post,
    moderators,
    database_backend,
    settings,
    client,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.comments.mail_backends.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        post(comment_data(article))
    for _ in range(settings.NEWSROOM_TASK_ATTEMPTS):
        work_through_due_jobs()
        let_retries_fall_due()
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no fifth attempt

    attempts = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [job.args_kwargs["kwargs"].get("attempt", 1) for job in attempts] == [1, 2, 3, 4]
    assert {job.status for job in attempts} == {"FAILED"}
    last = attempts[-1]
    assert last.exception_class_path == "smtplib.SMTPConnectError"
    assert "Service not available" in last.traceback

    client.force_login(get_user_model().objects.create_superuser("chief", "chief@example.com"))
    listing = client.get(reverse(RESULTS), {"status__exact": "FAILED"})
    assert listing.status_code == 200
    assert listing.content.decode().count("email_moderators") >= 4
    page = client.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[last.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "smtplib.SMTPConnectError" in text
    assert "<pre>Traceback (most recent call last):" in text
    assert "Service not available" in text


@pytest.mark.django_db
def test_task_results_are_for_staff_allowed_to_see_them(client, database_backend):
    editor = make_editor("desk")
    client.force_login(editor)
    assert client.get(reverse(RESULTS)).status_code == 403
    client.logout()
    assert client.get(reverse(RESULTS)).status_code == 302  # to the login page


@pytest.mark.django_db(transaction=True)
def test_with_redis_the_email_goes_out_through_an_rq_worker(
    article,
    post,
    moderators,
    settings,
    redis_server,  # noqa: F811  (the fixture imported above)
    mailoutbox,
    tmp_path,
):
    private_redis = redis_server.url
    settings.RQ_QUEUES = {"default": {"URL": private_redis}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    post(comment_data(article, comment="Who pays for the clean-up?"))
    queued = redis.Redis.from_url(private_redis).llen("rq:queue:default")
    assert queued == 1
    assert mailoutbox == []

    worker = manage(
        tmp_path, "rqworker", "--burst", "--with-scheduler", "default", REDIS_URL=private_redis
    )

    for address in MODERATORS:
        assert f"To: {address}" in worker.stdout
    assert "Who pays for the clean-up?" in worker.stdout
    assert not DBTaskResult.objects.exists()  # nothing went through the database backend


class Hung(BaseException):
    """Raised by the alarm: not an ``Exception``, so nothing on the way catches it."""


@pytest.mark.django_db(transaction=True)
def test_a_redis_that_stops_answering_costs_the_commenter_seconds_not_the_page(
    article,
    post,
    moderators,
    settings,
    redis_server,  # noqa: F811  (the fixture imported above)
    caplog,
):
    # The site's own RQ settings, as newsroom/settings.py builds them from REDIS_URL, with the
    # queue timeout this test can wait for.
    settings.RQ_QUEUES = {"default": {"URL": with_timeouts(redis_server.url, 0.5)}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    redis_server.pause()  # up, connected to, but answering nothing

    def hung(signum, frame):
        raise Hung("the comment post was still waiting for Redis after 10 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    started = time.monotonic()
    try:
        response = post(comment_data(article, comment="Who pays for the clean-up?"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 5
    assert response.status_code == 303
    assert Comment.objects.get().text == "Who pays for the clean-up?"
    assert "Could not queue the moderators' email" in caplog.text


def test_the_queue_s_redis_address_gets_timeouts_unless_it_sets_its_own():
    assert with_timeouts("redis://cache.internal:6379/0", 3.0) == (
        "redis://cache.internal:6379/0?socket_connect_timeout=3.0&socket_timeout=3.0"
    )
    assert with_timeouts("rediss://u:p@cache.internal/1?socket_timeout=9", 3.0) == (
        "rediss://u:p@cache.internal/1?socket_timeout=9&socket_connect_timeout=3.0"
    )
