"""The project's signals: how apps tell the site-wide parts that what readers see has changed.

Apps send them; the project's parts (the page cache, ``newsroom.pagecache``) listen, so the
project imports no app. Signals carry derived data only (caches to retire, times to watch); no
business rule hangs off one.

``content_changed``
    Sent whenever something readers see may have changed: an article, body piece, byline, photo,
    section or reporter saved or deleted, a comment readers see saved, a thread's count changed,
    the search index rebuilt. Arguments: ``sender``, the model class (or module) that changed, and
    ``tags``: the cache tags (``newsroom.caching.tag``) of the pages that show what changed, or
    ``None`` (the default) when the sender cannot say, which retires every page. Receivers run at
    once, in the sender's transaction; ``newsroom.pagecache.invalidate`` retires the pages with
    those tags now and again when that transaction commits, and queues their purge from the CDN
    after the commit. Code that writes with ``QuerySet.update()`` or raw SQL (which send no model
    signals) sends it itself.

``next_scheduled_change``
    Sent by the page cache when it needs to know the next moment content changes by itself (a
    scheduled article going live). Argument ``after``, an aware ``datetime``: each receiver
    returns the first such moment later than it, or ``None``; the earliest answer wins.
    Receivers may query the database and need not catch its errors.

``changes_due``
    Sent by the page cache once such a moment has passed. Arguments ``since`` and ``until``,
    aware datetimes: each receiver returns the cache tags of the pages that changed by
    themselves in ``(since, until]`` (the front page, section, reporter and topic lists a
    scheduled article joined), an empty list, or ``None`` for "every page".

``cache_reconnected``
    Sent by ``newsroom.redis_cache`` when Redis answers again after an outage, before the call
    that found it back goes on. Edits made during the outage could not retire what was stored
    before it; receivers retire it now. Arguments: ``sender``, the backend class, and ``cache``.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

_held = ContextVar("content_changes_held", default=None)


class ContentChanged(Signal):
    """``content_changed``: inside ``changes_held()`` a send is kept, and sent once at its end."""

    def send(self, sender, tags=None, **named):
        held = _held.get()
        if held is not None:
            held.append((sender, None if tags is None else frozenset(tags)))
            return []
        return super().send(sender, tags=None if tags is None else frozenset(tags), **named)


@contextmanager
def changes_held():
    """Hold ``content_changed`` for a large batch of writes (an import): however many rows
    change inside, the pages they show are retired once, when it ends (and, if it ends inside a
    transaction, again when that commits, as usual)."""
    if _held.get() is not None:
        yield
        return
    held = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
        if held:
            named = [tags for _, tags in held]
            tags = None if None in named else frozenset().union(*named)
            content_changed.send(sender=held[0][0], tags=tags)


content_changed = ContentChanged()
next_scheduled_change = Signal()
changes_due = Signal()
cache_reconnected = Signal()

M2M_ACTIONS = ("post_add", "post_remove", "pre_clear")


def watch(model, *, tags=None, unseen_when_created=None, rows=True):
    """Send ``content_changed`` after every save or delete of ``model`` and every change to its
    many-to-many fields: for the models whose rows pages show. Rows written by ``loaddata``
    (``raw``) are not live edits and send nothing.

    ``tags(instance)`` names the pages that show the row (see ``newsroom.caching.tag``); without
    it every page is retired. A many-to-many change made from ``model``'s side adds the tags
    ``<related model>-<pk>`` of the rows added or removed (``topic-7``); one made from the other
    side retires every page. With ``rows=False`` only the many-to-many fields are watched (the
    model's own saves are the caller's to report).

    ``unseen_when_created(instance)`` says whether a newly created row is one no page shows yet
    (a comment awaiting moderation): it sends nothing, so a busy comment form does not re-render
    every page. A later save of the same row always sends.
    """
    label = model._meta.label

    def changed(sender, instance=None, **kwargs):
        if kwargs.get("raw"):
            return
        if kwargs.get("created") and unseen_when_created and unseen_when_created(instance):
            return
        content_changed.send(sender=model, tags=None if tags is None else tags(instance))

    def relation_changed(sender, instance=None, action=None, model=None, pk_set=None, **kwargs):
        if action not in M2M_ACTIONS:
            return
        named = None
        if tags is not None and isinstance(instance, watched):
            related = model._meta.model_name
            named = {*tags(instance), *(f"{related}-{pk}" for pk in pk_set or ())}
        content_changed.send(sender=watched, tags=named)

    watched = model
    if rows:
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"watch:{label}:save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"watch:{label}:delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            relation_changed,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"watch:{label}:{field.name}:m2m",
        )
