from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from . import pagecache

        # Stored pages are retired whenever an app says what readers see changed.
        pagecache.connect_signals()
