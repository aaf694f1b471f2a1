"""What a reader and an editor would see of a site, as JSON-ready data: the rows of its
articles, photos and comments, the bytes of its photo files and the text of an article page.
The backup tests take it before a backup and again, in another process, after a restore.

Run as ``python -m tests.newsroom.site_snapshot ARTICLE_PATH`` it prints the snapshot of the
site its settings point at."""

import hashlib
import json
import sys

ROW_MODELS = [
    "articles.Article",
    "articles.Block",
    "articles.Byline",
    "articles.Photo",
    "articles.Rendition",
    "comments.Comment",
]


def snapshot(article_path):
    import lxml.html
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.test import Client

    rows = {}
    for label in ROW_MODELS:
        model = apps.get_model(label)
        rows[label] = json.loads(
            json.dumps(list(model._base_manager.order_by("pk").values()), default=str)
        )
    files = {}
    for label, field in [("articles.Photo", "image"), ("articles.Rendition", "file")]:
        for name in apps.get_model(label)._base_manager.values_list(field, flat=True):
            with default_storage.open(name, "rb") as file:
                files[name] = hashlib.sha256(file.read()).hexdigest()
    response = Client().get(article_path)
    page = lxml.html.fromstring(response.content.decode())
    text = " ".join(page.cssselect("main")[0].text_content().split())
    return {"rows": rows, "files": files, "status": response.status_code, "page": text}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(snapshot(sys.argv[1])))
