"""How readers and machines find Newsroom's articles: search, RSS and Atom feeds, sitemaps and
structured data (JSON-LD). Everything here lists articles through ``Article.objects.published()``
and imports the models, never the other way round."""
