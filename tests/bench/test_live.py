"""The live scenario polls a live story none of the other measured pages shows, follows new
updates as a reader's page does, and says plainly when a target is missed."""

import pytest

from articles.models import Section
from newsroom.bench import live as scenario
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_the_live_story_is_made_once_and_no_other_measured_page_shows_it(client):
    for _ in range(13):  # newer stories, as the demo's and the churn scenario's are
        make_article(section=make_section())
    story = scenario.ensure_story()
    assert story.is_live and story.live_updates.count() == 20
    assert scenario.ensure_story() == story
    # Its teaser is on none of the lists the other pages' run reads (the churn scenario adds
    # its stories, older than these lists' first pages, to the demo's; the run also leaves out
    # any page that shows the story).
    link = story.get_absolute_url()
    lists = ["/", *(s.get_absolute_url() for s in Section.objects.exclude(slug=scenario.DESK))]
    assert [path for path in lists if link in client.get(path).content.decode()] == []


def test_the_readers_script_follows_the_newest_update_with_its_etag(tmp_path):
    script = scenario.write_script("/news/x/updates/", 41, tmp_path).read_text()
    assert 'local path = "/news/x/updates/?after="' in script
    assert "local after = 41" in script
    assert 'headers["If-None-Match"] = etag' in script
    assert "string.match(body, '\"latest\": (%d+)')" in script


def report(p99=12.0, delays=(0.2, 0.4), unseen=0, ratio=0.95):
    return scenario.report(
        readers=(4000.0, 2.0, p99, 0, 0, 120000, 30),
        quiet=(4100.0, 2.0, 10.0, 0, 0, 41000),
        made=6,
        not_modified=110000,
        posted=6,
        interval=5,
        delays=list(delays),
        unseen=unseen,
        others=228,
        samples={"no updates": [(1000.0,)], "updates": [(1000.0 * ratio,)]},
        duration=10,
    )


def test_the_report_names_each_target_and_flags_a_miss():
    good = report()
    assert "(target < 50 ms)" in good and "<<" not in good
    assert "max 400 ms" in good and "0.95×" in good
    assert "<< above the 50 ms target" in report(p99=80.0)
    assert "<< CHECK" in report(unseen=1)
    assert "<< CHECK" in report(delays=(9.0,))  # 9 s plus a 7 s poll is past 15 s
    assert "<< below the 0.90× target" in report(ratio=0.8)
