"""What `manage.py edge_config` tells Varnish about pages in flight: a page whose fetch took
longer than the second purge can cover is kept only until 2 s after the earliest change it may
have missed."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import CommandError, call_command

from newsroom.management.commands import edge_config


@pytest.fixture
def one_machine(monkeypatch):
    """The page cache in each process's memory, its clock in a file (no REDIS_URL)."""
    monkeypatch.setattr(edge_config, "page_cache", lambda: LocMemCache("pages", {}))


def written(tmp_path):
    out = tmp_path / "edge-site.vcl"
    call_command("edge_config", backend=["127.0.0.1:8001"], out=str(out), verbosity=0)
    return out.read_text()


def test_without_redis_a_fetch_may_take_the_second_purge_s_wait_less_the_clock_file_s_lag(
    settings, tmp_path, one_machine
):
    settings.PAGE_CACHE_PURGE_AGAIN_SECONDS = 1.0
    settings.PAGE_CACHE_CHECK_INTERVAL = 0.5
    vcl = written(tmp_path)
    assert "if (now - bereq.time > 0.500s) {" in vcl
    # Kept until 2 s after the earliest change it may have missed (the fetch's start less the
    # clock file's lag), less a margin, and at least a moment, for the readers waiting for it.
    assert "set beresp.ttl = 1.250s - (now - bereq.time);" in vcl
    assert "if (beresp.ttl < 0.100s) {" in vcl


def test_with_a_shared_cache_only_the_machines_clocks_are_allowed_for(
    settings, tmp_path, monkeypatch
):
    settings.PAGE_CACHE_PURGE_AGAIN_SECONDS = 1.0
    monkeypatch.setattr(edge_config, "page_cache", object)  # not the local-memory cache
    vcl = written(tmp_path)
    assert "if (now - bereq.time > 0.900s) {" in vcl
    assert "set beresp.ttl = 1.650s - (now - bereq.time);" in vcl


def test_with_one_purge_only_every_page_is_kept_as_long_as_it_says(settings, tmp_path):
    settings.PAGE_CACHE_PURGE_AGAIN_SECONDS = 0
    vcl = written(tmp_path)
    assert "sub newsroom_in_flight {\n}" in vcl
    assert "bereq.time" not in vcl


def test_a_second_purge_too_soon_to_cover_any_fetch_is_refused(settings, tmp_path, one_machine):
    settings.PAGE_CACHE_PURGE_AGAIN_SECONDS = 0.4
    settings.PAGE_CACHE_CHECK_INTERVAL = 0.5
    with pytest.raises(CommandError, match="PAGE_CACHE_PURGE_AGAIN_SECONDS"):
        written(tmp_path)
