from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
