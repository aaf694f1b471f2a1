"""The site as production runs it, for Lighthouse: DEBUG off, static files from WhiteNoise, and
uploaded photos served with the cache headers a front server (nginx, a CDN) gives them in
production, where Django never serves media itself."""

from django.conf import settings
from whitenoise import WhiteNoise

from newsroom.wsgi import application as site

application = WhiteNoise(site, max_age=settings.WHITENOISE_MAX_AGE)
application.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
