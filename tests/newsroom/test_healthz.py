"""``/healthz``: load balancers learn whether this instance can serve, and nobody caches it."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.notify import email_moderators
from newsroom import tasks

pytestmark = pytest.mark.django_db

# The test settings run jobs at once: nothing ever waits.
NO_QUEUE = {"backend": "ImmediateBackend", "ready": None, "oldest_wait_seconds": None}


class CacheDown(Exception):
    """What a cache client raises when its server does not answer (redis' ConnectionError)."""


def cache_down():
    """Every cache the site uses refuses every call, as when Redis is down."""
    patches = [
        mock.patch.object(caches[alias], method, side_effect=CacheDown("connection refused"))
        for alias in ("default", settings.PAGE_CACHE_ALIAS)
        for method in ("get", "set", "get_many", "set_many")
    ]
    for patch in patches:
        patch.start()
    return patches


def test_a_healthy_instance_answers_ok_and_is_never_cached(client):
    for _ in range(2):
        response = client.get(reverse("healthz"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"database": "ok", "cache": "ok", "tasks": NO_QUEUE}
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "X-Page-Cache" not in response
        assert not response.cookies


def test_a_load_balancer_probing_with_head_gets_the_status(client):
    assert client.head(reverse("healthz")).status_code == 200


def test_an_unreachable_database_answers_503_naming_it(client):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok", "tasks": NO_QUEUE}
    assert "no-store" in response["Cache-Control"]


def test_an_unreachable_cache_answers_503_naming_it(client):
    # The instance was up (its middleware loaded, which with Redis reads the shared state)
    # before the cache went away.
    assert client.get(reverse("healthz")).status_code == 200
    patches = cache_down()
    try:
        response = client.get(reverse("healthz"))
    finally:
        for patch in patches:
            patch.stop()
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error", "tasks": NO_QUEUE}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_a_failure_is_not_remembered_once_the_database_is_back(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError):
        assert client.get(reverse("healthz")).status_code == 503
    assert client.get(reverse("healthz")).status_code == 200


def test_waiting_jobs_are_counted_with_the_longest_wait_and_the_answer_stays_ok(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    oldest = email_moderators.enqueue(1)
    email_moderators.enqueue(2)
    retry_due = email_moderators.using(run_after=now - timedelta(seconds=30)).enqueue(3)
    email_moderators.using(run_after=now + timedelta(hours=1)).enqueue(4)  # not due yet
    done = email_moderators.enqueue(5)
    DBTaskResult.objects.filter(pk=oldest.id).update(enqueued_at=now - timedelta(seconds=90))
    DBTaskResult.objects.filter(pk=retry_due.id).update(enqueued_at=now - timedelta(hours=2))
    DBTaskResult.objects.filter(pk=done.id).update(status="FAILED")

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    found = response.json()["tasks"]
    assert found["backend"] == "DatabaseBackend"
    assert found["ready"] == 3
    assert 90 <= found["oldest_wait_seconds"] < 100  # since queued; the retry only since due


def test_jobs_that_cannot_be_counted_leave_the_instance_serving(client):
    with mock.patch.object(tasks, "pending", side_effect=OperationalError("no such table")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "tasks": "error"}
