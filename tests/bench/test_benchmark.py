"""The benchmark is installed only where it runs; it reads wrk's report and fills the reply form
as a reader would."""

import socket
from urllib.parse import parse_qs

import pytest
from django.conf import settings as site_settings
from django.urls import NoReverseMatch, reverse

from articles.models import Article
from newsroom.bench import runner as benchmark
from tests.newsroom.test_settings import run_django


def test_the_site_has_no_benchmark_and_the_benchmark_settings_add_its_floor_page():
    assert "newsroom.bench" not in site_settings.INSTALLED_APPS
    with pytest.raises(NoReverseMatch):
        reverse("bench-floor")
    code = (
        "import django; django.setup(); from django.test import Client; "
        "from django.core.management import get_commands; from django.urls import reverse; "
        "r = Client().get('/bench/floor/'); "
        "print(r.status_code, len(r.content) > 30000, 'bench' in get_commands(), "
        "reverse('articles:front-page'))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "newsroom.bench.settings", "ALLOWED_HOSTS": "testserver"}
    result = run_django(env, code)
    assert result.stdout.split() == ["200", "True", "True", "/"], result.stderr


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8083/news/a/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.74ms    9.12ms 234.93ms   97.10%
    Req/Sec     1.45k   210.11     1.80k    70.00%
  Latency Distribution
     50%  812.00us
     75%    1.50ms
     90%    3.10ms
     99%    1.02s
  14390 requests in 5.00s, 1.20GB read
  Non-2xx or 3xx responses: 5
  Socket errors: connect 0, read 2, write 0, timeout 1
Requests/sec:   2878.00
Transfer/sec:    245.11MB
"""

FORM = """<main><form method="post" action="/search/"><input name="q"></form>
<form method="post" action="/comments/post/" class="reply">
  <input type="hidden" name="article" value="17">
  <input type="hidden" name="token" value="eyJhIjoxN30:signed">
  <div class="visually-hidden"><input type="text" name="homepage" value=""></div>
  <textarea name="text" required>
</textarea>
  <input type="text" name="name" required>
  <input type="email" name="email" required>
  <input type="url" name="url">
  <input type="checkbox" name="remember" value="1">
  <button type="submit">Post Comment</button>
</form></main>"""


def test_wrk_report_is_read_in_milliseconds(monkeypatch):
    class Done:
        stdout = WRK_OUTPUT

    monkeypatch.setattr(benchmark.subprocess, "run", lambda *a, **k: Done())
    rps, p50, p99, non2xx, errors, requests = benchmark.run_wrk("http://x/", duration=5, warmup=0)
    assert (rps, p50, p99) == (2878.0, 0.812, 1020.0)
    assert (non2xx, errors, requests) == (5, 3, 14390)


def test_reply_form_is_filled_like_a_reader_with_the_page_token_and_an_empty_honeypot():
    fields = benchmark.comment_fields(FORM, "/comments/post/")
    sent = parse_qs(benchmark.fill(fields, 7, "run1"), keep_blank_values=True)
    assert sent["token"] == ["eyJhIjoxN30:signed"]
    assert sent["article"] == ["17"]
    assert sent["homepage"] == [""]
    assert sent["name"] == ["Bench Reader 7"]
    assert sent["email"] == ["reader7.run1@example.com"]
    assert sent["text"][0].startswith("Bench comment run1 7:")
    assert "remember" not in sent and "q" not in sent


def test_a_page_without_the_reply_form_is_reported():
    with pytest.raises(RuntimeError, match="no form posting to /comments/post/"):
        benchmark.comment_fields("<form action='/search/'></form>", "/comments/post/")


@pytest.mark.django_db
def test_benchmark_pages_on_the_demo_data_are_full_like_the_archive_s(client, html, settings):
    """bench-scale compares each page with the same page on 100,000 articles: both must list a
    full page of articles and link to a next one."""
    from newsroom.bench import datasets

    settings.NEWSROOM_PAGE_SIZE = 5
    article = datasets.ensure_bench_article()
    datasets.ensure_bench_article()  # again: nothing more is added
    for url, item in (
        (article.section.get_absolute_url(), "article.teaser"),
        (reverse("articles:search") + "?q=harbour", "li.search-result"),
    ):
        page = html(client.get(url))
        assert len(page.cssselect(item)) >= 5, url
        assert page.cssselect("nav.pagination a[rel=next]"), url
    assert Article.objects.filter(slug__startswith="bench-harbour-update-").count() == 6


@pytest.mark.django_db
def test_bench_scale_also_measures_the_reporter_topic_and_feed_pages(client, settings):
    from newsroom.bench import datasets
    from newsroom.bench.management.commands.bench import Command

    settings.PAGE_CACHE_ENABLED = False
    article = datasets.ensure_bench_article()
    pages = dict(Command.listing_pages(article))
    assert list(pages) == ["reporter", "topic", "feed"]
    for path in pages.values():
        response = client.get(path)
        assert response.status_code == 200, path
    assert article.get_absolute_url().encode() in client.get(pages["reporter"]).content


@pytest.fixture
def another_server():
    """Something already listening on a loopback port, as another checkout's benchmark would."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_server_is_not_started_on_a_port_another_server_answers_on(another_server, tmp_path):
    server = benchmark.Server(another_server, {}, tmp_path / "serve.log")
    with pytest.raises(benchmark.PortTaken, match=f"port {another_server} is taken"):
        server.__enter__()
    assert server.process is None  # nothing was started, so nothing else was measured


def test_the_benchmark_refuses_a_taken_port_before_it_starts(another_server):
    """`make bench` in two checkouts at once: the second says which port, and does nothing."""
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        f"call_command('bench', port={another_server})"
    )
    result = run_django({"DJANGO_SETTINGS_MODULE": "newsroom.bench.settings"}, code)
    assert result.returncode != 0
    assert f"CommandError: port {another_server} is taken by another server" in result.stderr
    assert "BENCH_PORT" in result.stderr
