"""Median time to render the demo flagship article page (24 approved comments and the reply
form) through Django's test client: not a test, a measurement. It prints wall-clock time and
the process's CPU time; on a shared machine the CPU time is the steadier of the two.

    DEBUG=0 .venv/bin/python manage.py collectstatic --noinput -v0
    DEBUG=0 .venv/bin/python tests/comments/bench_article_page.py

``--crispy-every-time`` renders the reply form with crispy on every request, as a
straightforward template would; ``--without-comments`` leaves the comment section out: both for
comparison.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from comments import forms  # noqa: E402

URL = "/news/river-lisle-bursts-banks-ravensmouth-flooding/"
RUNS = 200


def main():
    if "--crispy-every-time" in sys.argv:
        forms.blank_form_html = lambda: forms.render_form(forms.CommentForm())
        import comments.templatetags.comments as tags

        tags.blank_form_html = forms.blank_form_html
    if "--without-comments" in sys.argv:
        from django.template import Template, engines

        engine = engines["django"].engine
        engine.get_template("comments/article_comments.html").nodelist = Template(
            "", engine=engine
        ).nodelist
    client = Client()
    for _ in range(20):
        response = client.get(URL)
    assert response.status_code == 200, response.status_code
    assert response.content.count(b'class="comment"') in (0, 24)
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(URL)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    print(
        f"{' '.join(sys.argv[1:]) or 'as shipped'}: median {statistics.median(wall):.2f} ms "
        f"wall, {statistics.median(cpu):.2f} ms CPU over {RUNS} requests "
        f"({len(response.content):,} bytes)"
    )


if __name__ == "__main__":
    main()
