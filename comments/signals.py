"""Signals for derived data (page caches, counts). Business rules never hang off a signal."""

from django.dispatch import Signal

# Sent after the transaction commits whenever what readers see in the comment threads of some
# articles changes (a comment approved, marked spam, removed, restored or anonymised):
# ``article_ids`` is the set of those articles' ids. ``counts.on_thread_changed`` recounts their
# approved comments. (The page cache does not listen here: it hears of the comment's own save,
# and of a changed count, through ``newsroom.signals.content_changed``.)
thread_changed = Signal()
