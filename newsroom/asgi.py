"""ASGI entry point for Newsroom, the one `make serve` runs: request bodies are received on the
event loop with a deadline, then Django's WSGI handler runs in a thread (newsroom/serving.py)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from newsroom.serving import BodyFirstApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = BodyFirstApplication(get_wsgi_application(), threads=settings.SERVE_THREADS)
