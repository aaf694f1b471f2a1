from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsdesk"

    def ready(self):
        from . import revisions, signals
        from .reach.search import connect_signals
        from .roles import ensure_newsdesk_groups

        # Search documents follow the articles, bodies, bylines and names they are made of.
        connect_signals()
        # The page cache learns of every change readers see, and of scheduled articles.
        signals.connect()
        # Revisions keep the whole story: its byline, its body and the photos' captions.
        revisions.register()

        # After the permissions exist (Django makes them on post_migrate too), give the
        # Editors and Reporters groups their share of them.
        post_migrate.connect(ensure_newsdesk_groups, sender=self, dispatch_uid="articles-roles")

    def load_demo(self, demo):
        """This app's part of the demo newsroom (``manage.py load_demo``, ``newsroom.demo``)."""
        from .demo import loader

        loader.load(demo)
