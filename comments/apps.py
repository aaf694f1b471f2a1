from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from articles import cachetags
        from newsroom.signals import watch

        from . import counts, signals, wordpress
        from .models import Comment
        from .roles import ensure_moderator_group

        # Article pages show approved comments: every save readers may see retires the pages of
        # its story (``article-<pk>``), but a new comment held for moderation (or caught as
        # spam) retires nothing, so a busy reply form re-renders nothing.
        watch(
            Comment,
            tags=lambda comment: {cachetags.article(comment.article_id)},
            unseen_when_created=lambda c: c.status in Comment.HIDDEN_WHEN_NEW,
        )

        # After the permissions exist, give the Moderators group its share of them.
        post_migrate.connect(ensure_moderator_group, sender=self, dispatch_uid="comments-roles")
        # Whatever changed what readers see of a thread may have changed its approved count.
        signals.thread_changed.connect(counts.on_thread_changed, dispatch_uid="comments-counts")
        # A post brought in from WordPress brings its comments (manage.py import_wordpress).
        wordpress.connect()

    def load_demo(self, demo):
        """This app's part of the demo newsroom (``manage.py load_demo``, ``newsroom.demo``)."""
        from .demo import loader

        loader.load(demo)
