"""The demo newsroom's reader comments (``content.py``), loaded by ``loader.py`` under the demo
articles once the articles app has loaded them (``CommentsConfig.load_demo``)."""
