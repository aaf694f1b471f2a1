from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from . import logins, pagecache

        # Stored pages are retired when an app says what readers see changed, by their tags.
        pagecache.connect_signals()
        # Successful admin logins and lockouts go to the "newsroom.logins" log.
        logins.connect_signals()
