import pytest
from django.core.servers.basehttp import WSGIServer

from tests.factories import make_article

# Django's test server listens with a backlog of 10 connections; the concurrency test opens
# dozens at the same instant, as a production server (gunicorn: 2048) would accept them. The live
# server starts after collection, so this is in place whichever test starts it.
WSGIServer.request_queue_size = 256


@pytest.fixture
def article():
    return make_article(headline="River bursts its banks")


@pytest.fixture
def post(client):
    """Post the reply form as a reader's browser on this site does (same-origin headers)."""

    def send(data, ip="203.0.113.5", **headers):
        headers.setdefault("HTTP_ORIGIN", "http://testserver")
        headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
        return client.post("/comments/post/", data, REMOTE_ADDR=ip, **headers)

    return send
