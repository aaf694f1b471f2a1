"""The churn scenario reads at least 200 pages, and its edits go to stories none of them shows,
so what it measures is the cost of edits elsewhere on the site."""

import pytest

from articles.demo import loader as demo
from newsroom.bench import churn

pytestmark = pytest.mark.django_db


def test_readers_spread_over_200_pages_none_showing_an_edited_story(client):
    demo.load_content()
    read, edited = churn.ensure_pages()
    assert len(set(read)) >= 200
    assert len(edited) == churn.EDITED
    assert churn.ensure_pages() == (read, edited)  # made once

    edited_links = [f"/news/{churn.PREFIX}edited-{n}/" for n in range(churn.EDITED)]
    for path in read:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert not any(link in page for link in edited_links), path


def test_the_wrk_script_asks_for_every_page(tmp_path):
    script = churn.write_script(["/news/a/", "/section/b/"], tmp_path).read_text()
    assert '"/news/a/"' in script and '"/section/b/"' in script
    assert "math.random(#paths)" in script
