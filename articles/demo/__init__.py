"""The demo newsroom's articles: sections, reporters with portraits, photos and sixteen
articles, written for Newsroom (``content.py``), with pictures drawn on the spot by Pillow
(``pictures.py``) and loaded by ``loader.py`` through the same paths an editor's work takes.
``manage.py load_demo`` calls ``loader.load`` through ``ArticlesConfig.load_demo``."""
