"""``/healthz``: load balancers learn whether this instance can serve, and nobody caches it."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError, connections
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
        assert response.json() == {"database": "ok", "cache": "ok"}
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
    assert response.json() == {"database": "error", "cache": "ok"}
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
    assert response.json() == {"database": "ok", "cache": "error"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_a_failure_is_not_remembered_once_the_database_is_back(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError):
        assert client.get(reverse("healthz")).status_code == 503
    assert client.get(reverse("healthz")).status_code == 200
