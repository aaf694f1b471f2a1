"""Benchmarking Newsroom: an app of its own, installed only where the benchmark runs.

``newsroom.bench.settings`` (the site's settings plus this app and its floor page) is what the
``make bench``, ``make bench-faults``, ``make seed-scale``, ``make bench-scale``,
``make images-bench`` and ``make bench-article`` targets and the benchmark's own server use;
the site's settings and URLs name none of it.

- ``runner``: servers started with ``make serve``, wrk runs, comment posting, worker memory.
- ``faults``: the Redis outage scenario (``bench --redis-fault``), on a Redis of its own.
- ``datasets``: the benchmark article next to the demo newsroom, and an archive at newspaper
  scale written with ``COPY``.
- ``views``: the floor, a constant page through every middleware.
- commands: ``bench``, ``seed_scale``, ``images_bench``, ``bench_article_page``.

Unlike the project's own parts, this app reads the other apps' models: it fills and measures them.
"""
