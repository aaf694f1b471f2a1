import cProfile
import io
import os
import pstats
import statistics
import subprocess
import time
import warnings
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse

from articles.models import Article, Topic
from comments.models import Comment
from newsroom.bench import churn, datasets, edge, faults, runner, slow_clients
from newsroom.bench import live as live_scenario

SEARCH_URL_NAMES = ["articles:search", "search:search", "search"]
# --against: the most an uncached page's p50 may grow on the archive at scale.
SCALE_TARGET = 1.25


def optional_url(*names, **kwargs):
    for name in names:
        try:
            return reverse(name, **kwargs)
        except NoReverseMatch:
            continue
    return None


class Command(BaseCommand):
    help = (
        "Benchmark the site on loopback with `make serve`: req/s, p50 and p99 at 16 connections "
        "for the article, front, section and search pages with the page cache on and off, a "
        "bare view as the floor, comment posting, worker memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8083)
        parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
        parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per run")
        parser.add_argument("--uncached-only", action="store_true")
        parser.add_argument(
            "--create-database", action="store_true", help="create the PostgreSQL database"
        )
        parser.add_argument("--posts", type=int, default=500)
        parser.add_argument(
            "--against",
            metavar="DATABASE_URL",
            help="serve this database too (the archive at scale) and compare uncached latency "
            "with this one's, the two measured in turn, round after round",
        )
        parser.add_argument("--rounds", type=int, default=3, help="rounds for --against")
        parser.add_argument("--peers", help="peers/ folder: run their bench.sh in the same run")
        parser.add_argument(
            "--profile", type=int, default=0, help="profile this many uncached article views"
        )
        parser.add_argument(
            "--redis-fault",
            action="store_true",
            help="only the Redis outage scenario (newsroom/bench/faults.py): the site on a Redis "
            "of its own, measured with Redis up, stopped and started again",
        )
        parser.add_argument(
            "--slow-clients",
            type=int,
            default=50,
            help="clients trickling comment bodies while the cached article is measured (0: skip)",
        )
        parser.add_argument(
            "--slow-clients-only", action="store_true", help="run only the slow-clients scenario"
        )
        parser.add_argument(
            "--churn-edits",
            type=int,
            default=5,
            help="edits a second in the churn scenario (newsroom/bench/churn.py; 0: skip)",
        )
        parser.add_argument(
            "--churn-only",
            action="store_true",
            help="run only the churn scenario, through the app and through Varnish",
        )
        parser.add_argument(
            "--edge-only",
            action="store_true",
            help="only the Varnish part (newsroom/bench/edge.py): the churn scenario through "
            "Varnish and the cached article page through Varnish and nginx",
        )
        parser.add_argument("--no-edge", action="store_true", help="leave out the Varnish part")
        parser.add_argument(
            "--slow-app",
            type=float,
            default=0.7,
            help="seconds late the app answers in the Varnish part's slow-app scenario (0: skip)",
        )
        parser.add_argument(
            "--live-every",
            type=float,
            default=live_scenario.INTERVAL,
            help="seconds between updates in the live scenario (newsroom/bench/live.py; 0: skip)",
        )
        parser.add_argument("--live-only", action="store_true", help="run only the live scenario")

    def handle(self, *args, **options):
        taken = [
            port for port in range(options["port"], options["port"] + 3) if runner.port_taken(port)
        ]
        if taken:
            # The benchmark's servers take --port and the next two; another server there would
            # answer its probes and be measured in their place.
            raise CommandError(
                f"port {taken[0]} is taken by another server: the benchmark uses --port "
                f"({options['port']}) and the next two; pick free ones (make bench BENCH_PORT=…)"
            )
        if subprocess.run(["which", "wrk"], capture_output=True, check=False).returncode:  # noqa: S607
            raise CommandError("wrk is not installed: apt-get install -y wrk")
        if options["create_database"]:
            datasets.ensure_database()
        call_command("migrate", verbosity=0, interactive=False)
        article = datasets.ensure_bench_article()
        if options["churn_edits"]:
            churn.ensure_pages()  # before any server starts: its pages are read from the start
        if options["live_every"] or options["live_only"]:
            churn.ensure_pages()  # the other pages it reads
            live_scenario.ensure_story()
        comment_count = Comment.objects.filter(
            article=article, status=Comment.Status.APPROVED
        ).count()
        pages = [
            ("article", article.get_absolute_url()),
            ("front", reverse("articles:front-page")),
            ("section", article.section.get_absolute_url()),
        ]
        search = optional_url(*SEARCH_URL_NAMES)
        if search:
            pages.append(("search", f"{search}?q=harbour"))
        post_action = optional_url("comments:post")
        self.stdout.write(
            f"Dataset: {article.headline!r}, {article.blocks.count()} body pieces, "
            f"{comment_count} approved comments; database {settings.DATABASES['default']['ENGINE']}"
            f"; server {os.environ.get('SERVER', 'granian')}"
        )
        if options["profile"]:
            self.profile(article.get_absolute_url(), options["profile"])

        env = {
            # The site with the benchmark's floor page (newsroom.bench.urls).
            "DJANGO_SETTINGS_MODULE": "newsroom.bench.settings",
            "COMMENTS_FLOOD_SECONDS": "0",
            "COMMENTS_MIN_SUBMIT_SECONDS": "0",
            "COMMENTS_NOTIFY_MODERATORS": "0",
        }
        log_dir = Path(settings.VAR_DIR) / "bench"
        if options["redis_fault"]:
            faults.redis_outage(self, pages, env, log_dir, options)
            return
        if options["against"]:
            self.side_by_side(pages + self.listing_pages(article), env, log_dir, options)
            return
        if options["churn_only"]:
            with runner.Server(options["port"], env, log_dir / "serve-churn.log") as server:
                self.stdout.write(self.churn(server, options, log_dir))
            if not options["no_edge"]:
                self.stdout.write(self.edge(env, log_dir, options, article=None))
            return
        if options["edge_only"]:
            self.stdout.write(self.edge(env, log_dir, options, article=article))
            return
        if options["live_only"]:
            with runner.Server(options["port"], env, log_dir / "serve-live.log") as server:
                self.stdout.write(self.live(server, options, log_dir))
            return
        if options["slow_clients_only"]:
            with runner.Server(options["port"], env, log_dir / "serve-slow-clients.log") as server:
                self.slow_clients(server.base, article, post_action, options)
            return
        results, memory, posting, slow, churned, lived = [], {}, None, None, None, None
        duration, warmup = options["duration"], options["warmup"]
        modes = (
            [("uncached", "0")]
            if options["uncached_only"]
            else [("cached", "1"), ("uncached", "0")]
        )
        for mode, enabled in modes:
            server_env = {**env, "PAGE_CACHE_ENABLED": enabled}
            with runner.Server(
                options["port"], server_env, log_dir / f"serve-{mode}.log"
            ) as server:
                targets = list(pages)
                if mode == "cached":
                    targets.insert(0, ("floor", "/bench/floor/"))
                for name, path in targets:
                    results.append(self.measure(server, name, mode, path, duration, warmup))
                if mode == "cached" and post_action and options["posts"]:
                    posting = self.post(server.base, article, post_action, options["posts"])
                if mode == "cached" and post_action and options["slow_clients"]:
                    slow = self.slow_clients(server.base, article, post_action, options)
                if mode == "cached" and options["churn_edits"]:
                    churned = self.churn(server, options, log_dir)
                if mode == "cached" and options["live_every"]:
                    lived = self.live(server, options, log_dir)
                if mode == "cached" and options["peers"]:
                    self.peers(options["peers"], server.base + article.get_absolute_url())
                memory[mode] = server.workers()

        self.stdout.write("")
        self.stdout.write(runner.format_table(results))
        by = {(r.page, r.mode): r for r in results}
        floor, cached = by.get(("floor", "cached")), by.get(("article", "cached"))
        if floor and cached and floor.rps:
            self.stdout.write(
                f"\narticle cached / floor: {cached.rps / floor.rps:.2f}× "
                f"(a stored page should cost no more than the bare view)"
            )
        for mode, workers in memory.items():
            listed = ", ".join(f"{pid}: {rss:.0f} MB" for pid, rss, _ in workers) or "none found"
            peak = max((rss for _, rss, _ in workers), default=0)
            self.stdout.write(f"worker memory after the {mode} run: {listed} (max {peak:.0f} MB)")
        if posting:
            self.stdout.write(posting)
        elif not post_action:
            self.stdout.write("comment posting: skipped (no comment form on this site yet)")
        if slow:
            self.stdout.write(slow)
        if churned:
            self.stdout.write(churned)
        if lived:
            self.stdout.write(lived)
        if not options["no_edge"]:
            self.stdout.write(self.edge(env, log_dir, options, article=article))

    def edge(self, env, log_dir, options, *, article):
        """Varnish in front of an app server, as `make serve-edge` runs them: the churn scenario
        (unless ``--churn-edits 0``), and the article page (when given) beside nginx."""
        missing = [name for name in ("varnishd", "nginx") if not edge.tool(name)]
        if "varnishd" in missing or (article and missing):
            return (
                f"\nthrough Varnish: skipped ({' and '.join(missing)} missing: make bench "
                "installs them)"
            )
        port = options["port"]
        lines = [""]
        app_env = {**env, **edge.edge_env(port)}
        with (
            runner.Server(port + 1, app_env, log_dir / "serve-edge.log") as app,
            edge.Varnish(port, port + 1, log_dir / "edge") as varnish,
        ):
            if options["churn_edits"]:
                # This process's edits send their purges to Varnish, through the worker of
                # the app server (the task queue is the benchmark's database).
                with override_settings(
                    PAGE_CACHE_PURGE="varnish", PAGE_CACHE_PURGE_VARNISH_URLS=[varnish.base]
                ):
                    lines.append(
                        churn.run(
                            edge.Edge(varnish, app),
                            duration=options["duration"],
                            warmup=options["warmup"],
                            log_dir=log_dir,
                            rate=options["churn_edits"],
                            cache_header="X-Edge-Cache",
                            title="churn through Varnish (in front of one app server)",
                            stored_by="Varnish",
                        )
                    )
            if article:
                lines.append(
                    edge.versus_nginx(
                        varnish,
                        article.get_absolute_url(),
                        log_dir / "nginx",
                        port=port + 2,
                        duration=options["duration"],
                        warmup=options["warmup"],
                    )
                )
            if article and options["slow_app"]:
                lines.append(
                    edge.slow_app(
                        app,
                        article.get_absolute_url(),
                        log_dir / "edge-slow",
                        port=port + 2,
                        delay=options["slow_app"],
                        duration=options["duration"],
                    )
                )
        return "\n".join(lines)

    def churn(self, server, options, log_dir):
        return churn.run(
            server,
            duration=options["duration"],
            warmup=options["warmup"],
            log_dir=log_dir,
            rate=options["churn_edits"] or 5,
        )

    def live(self, server, options, log_dir):
        return live_scenario.run(
            server,
            duration=options["duration"],
            warmup=options["warmup"],
            log_dir=log_dir,
            interval=options["live_every"] or live_scenario.INTERVAL,
        )

    def measure(self, server, name, mode, path, duration, warmup):
        url = server.base + path
        status, headers, body = runner.fetch(url)
        result = runner.Result(page=name, mode=mode, url=url, bytes=len(body))
        if status != 200:
            result.note = f"GET answered {status}: not measured"
            return result
        if warmup:
            runner.run_wrk(url, duration=warmup, warmup=0)
        cpu_before = server.cpu_seconds()
        rps, p50, p99, non2xx, errors, requests = runner.run_wrk(url, duration=duration, warmup=0)
        result.cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / max(requests, 1)
        result.rps, result.p50_ms, result.p99_ms = rps, p50, p99
        result.non2xx, result.socket_errors = non2xx, errors
        cache_state = runner.fetch(url)[1].get("x-page-cache", "off")
        result.note = f"{len(body) // 1024} KB, page cache: {cache_state}"
        self.stdout.write(
            f"  {name:<8} {mode:<9} {rps:9.1f} req/s  p50 {p50:.2f} ms  p99 {p99:.2f} ms"
        )
        return result

    def post(self, base, article, action, total):
        outcome = runner.post_comments(base, article.get_absolute_url(), action, total=total)
        marker = f"Bench comment {outcome['run']} "
        texts = list(Comment.objects.filter(text__startswith=marker).values_list("text", flat=True))
        numbers = [text[len(marker) :].split(":", 1)[0] for text in texts]
        statuses = outcome["statuses"]
        accepted = sum(n for code, n in statuses.items() if 200 <= code < 400)
        errors = sum(n for code, n in statuses.items() if code >= 500)
        once = len(numbers) == len(set(numbers))
        return (
            f"comment posting: {outcome['sent']} posts from 16 clients in "
            f"{outcome['seconds']:.1f} s = {outcome['sent'] / outcome['seconds']:.1f} posts/s; "
            f"answers {dict(sorted(statuses.items()))}, connection failures "
            f"{outcome['failures'] or 0}; accepted {accepted}, stored {len(texts)}, "
            f"each stored once: {'yes' if once else 'NO'}, server errors: {errors}"
            + ("" if accepted == len(texts) and once and not errors else "  << CHECK")
        )

    def slow_clients(self, base, article, action, options):
        result = slow_clients.run(
            base,
            article.get_absolute_url(),
            action,
            clients=options["slow_clients"] or 50,
            # Long enough for the slow posts to reach their deadline and be cut off.
            duration=max(options["duration"], settings.REQUEST_BODY_TIMEOUT + 5),
        )
        lines = slow_clients.report(result)
        self.stdout.write(lines)
        return lines

    def peers(self, folder, article_url):
        folder = Path(folder)
        urls = {name: Path(f"/tmp/peers/{name}_url.txt") for name in ("wordpress", "wagtail")}  # noqa: S108
        for name, url_file in urls.items():
            try:
                answering = runner.fetch(url_file.read_text().strip(), timeout=30)[0] == 200
            except (OSError, ValueError):
                answering = False
            if not answering:
                self.stdout.write(f"setting up the {name} peer (a few minutes)…")
                setup = ["bash", str(folder / f"setup_{name}.sh")]
                subprocess.run(setup, timeout=1800, check=False)  # noqa: S603
        self.stdout.write("peers, in the same run (bench.sh):")
        run = ["bash", str(folder / "run_bench.sh"), f"newsroom={article_url}"]
        subprocess.run(run, timeout=900, check=False)  # noqa: S603

    def profile(self, path, count):
        """Where an uncached article view spends its time, in this process (DEBUG off)."""
        warnings.filterwarnings("ignore", message="No directory at", module="whitenoise")
        with override_settings(DEBUG=False, PAGE_CACHE_ENABLED=False, ALLOWED_HOSTS=["*"]):
            client = Client()
            client.get(path)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for _ in range(count):
                client.get(path)
            profiler.disable()
            took = (time.perf_counter() - started) * 1000 / count
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        self.stdout.write(f"profile of {count} uncached article views: {took:.1f} ms each")
        self.stdout.write(out.getvalue())

    @staticmethod
    def listing_pages(article):
        """The other lists readers open, for ``--against``: the benchmark article's reporter, a
        demo topic and the site's feed (the same addresses on both databases)."""
        pages = [("reporter", article.bylines.first().reporter.get_absolute_url())]
        topic = Topic.objects.filter(articles__in=Article.objects.published()).first()
        if topic is not None:
            pages.append(("topic", topic.get_absolute_url()))
        pages.append(("feed", reverse("articles:feed-rss")))
        return pages

    def side_by_side(self, pages, env, log_dir, options):
        """Uncached latency of each page on this database and on ``--against``, served at once
        on two ports and measured in turn (this one first in odd rounds, the other first in
        even ones), so that whatever else the machine does falls on both alike. At 1
        connection p50 is the time a request takes; at 16 it is that plus the wait for a free
        core, which grows with the database's own work per request."""
        env = {**env, "PAGE_CACHE_ENABLED": "0"}
        port, rounds = options["port"], max(1, options["rounds"])
        duration, warmup = options["duration"], options["warmup"]
        names = ("demo", "scale")
        with (
            runner.Server(port, env, log_dir / "serve-demo.log") as demo,
            runner.Server(
                port + 1, {**env, "DATABASE_URL": options["against"]}, log_dir / "serve-scale.log"
            ) as scale,
        ):
            servers = dict(zip(names, (demo, scale), strict=True))
            rows = []
            for page, path in pages:
                for server in servers.values():
                    status = runner.fetch(server.base + path)[0]
                    if status != 200:
                        raise CommandError(f"{server.base}{path} answered {status}")
                for connections in (1, 16):
                    samples = {name: [] for name in names}
                    wrk = partial(
                        runner.run_wrk,
                        warmup=0,
                        connections=connections,
                        threads=min(2, connections),
                    )
                    for server in servers.values():
                        if warmup:
                            wrk(server.base + path, duration=warmup)
                    for number in range(rounds):
                        order = names if number % 2 == 0 else names[::-1]
                        for name in order:
                            server = servers[name]
                            cpu_before = server.cpu_seconds()
                            rps, p50, p99, non2xx, errors, requests = wrk(
                                server.base + path, duration=duration
                            )
                            cpu = (server.cpu_seconds() - cpu_before) * 1000 / max(requests, 1)
                            if non2xx or errors:
                                raise CommandError(
                                    f"{name} {page}: {non2xx} non-2xx answers, {errors} socket "
                                    "errors"
                                )
                            samples[name].append((rps, p50, p99, cpu))
                    row = (page, connections, *(self._medians(samples[n]) for n in names))
                    rows.append(row)
                    self.stdout.write(self._side_by_side_line(*row))
        self.stdout.write(
            f"\nuncached, page cache off; medians of {rounds} rounds of {duration} s per "
            "database, the two measured in turn"
        )
        self.stdout.write(
            f"{'page':<9} {'conns':>5} {'demo p50':>9} {'scale p50':>10} {'ratio':>6} "
            f"{'demo p99':>9} {'scale p99':>10} {'demo cpu':>9} {'scale cpu':>10} {'ratio':>6}"
        )
        for row in rows:
            self.stdout.write(self._side_by_side_line(*row))
        worst = max(scale[1] / demo[1] for _, _, demo, scale in rows)
        verdict = "within" if worst <= SCALE_TARGET else "NOT within"
        self.stdout.write(
            f"largest p50 ratio {worst:.2f}: {verdict} {SCALE_TARGET}× of the demo dataset"
        )

    @staticmethod
    def _medians(samples):
        return tuple(statistics.median(column) for column in zip(*samples, strict=True))

    @staticmethod
    def _side_by_side_line(page, connections, demo, scale):
        return (
            f"{page:<9} {connections:>5} {demo[1]:>9.2f} {scale[1]:>10.2f} "
            f"{scale[1] / demo[1]:>6.2f} {demo[2]:>9.2f} {scale[2]:>10.2f} {demo[3]:>9.2f} "
            f"{scale[3]:>10.2f} {scale[3] / demo[3]:>6.2f}"
        )
