from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from . import counts, signals
        from .roles import ensure_moderator_group

        # After the permissions exist, give the Moderators group its share of them.
        post_migrate.connect(ensure_moderator_group, sender=self, dispatch_uid="comments-roles")
        # Whatever changed what readers see of a thread may have changed its approved count.
        signals.thread_changed.connect(counts.on_thread_changed, dispatch_uid="comments-counts")

    def load_demo(self, demo):
        """This app's part of the demo newsroom (``manage.py load_demo``, ``newsroom.demo``)."""
        from .demo import loader

        loader.load(demo)
