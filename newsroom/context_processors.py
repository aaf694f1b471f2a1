from django.conf import settings


def site(request):
    """The publication's name and tagline, for the masthead and meta tags."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
    }
