"""The site's settings with the benchmark installed: its commands and its floor page.

Used by the benchmark's make targets and by the servers ``make bench`` starts
(``DJANGO_SETTINGS_MODULE=newsroom.bench.settings``); nothing else changes, so what is measured
is the site as it runs.
"""

from newsroom.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "newsroom.bench"]  # noqa: F405
ROOT_URLCONF = "newsroom.bench.urls"
