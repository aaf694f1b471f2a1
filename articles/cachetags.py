"""The cache tags of the articles app's pages (``newsroom.caching.tag``): what each page shows,
by the names a change retires.

- ``article-<pk>``: the story's own page, and every list, feed or box showing its teaser (its
  headline, photo, byline and comment count);
- ``front``, ``section-<pk>``, ``topic-<pk>``, ``reporter-<pk>``, ``corrections``: the lists of
  those names (each page of them, and their feeds); an article page carries the lists its
  related stories box is drawn from;
- ``site`` (every page, given by the page cache): the navigation, the footer, the banner.

Pure names, no query: views and template tags call them with what they already hold.
"""

FRONT = "front"
CORRECTIONS = "corrections"
SITE = "site"


def article(pk):
    return f"article-{pk}"


def section(pk):
    return f"section-{pk}"


def topic(pk):
    return f"topic-{pk}"


def reporter(pk):
    return f"reporter-{pk}"


def teasers(articles):
    """The tags of a list of articles as teasers show them."""
    return [article(item.pk) for item in articles]
