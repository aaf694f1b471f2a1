"""Edit locks: opening a story someone else is editing says who and since when; the lock runs
out by itself; saving over someone else's newer change is refused with the typed text kept and
a way to compare."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, EditLock
from articles.revisions import revisions_of
from tests.articles.test_revisions import change_form, change_url, client_of, story
from tests.factories import make_editor

pytestmark = pytest.mark.django_db


def lock_url(article):
    return reverse("admin:articles_article_lock", args=[article.pk])


def notice(page):
    [banner] = page.cssselect("[data-edit-lock]")
    return None if banner.get("hidden") is not None else " ".join(banner.text_content().split())


def test_another_editor_sees_who_is_editing_and_since_when(html):
    alex = make_editor("alex", first_name="Alex", last_name="Editor")
    sam = make_editor("sam", first_name="Sam", last_name="Desk")
    article, _, _ = story()
    opened = timezone.localtime()
    assert notice(html(client_of(alex).get(change_url(article)))) is None
    page = html(client_of(sam).get(change_url(article)))
    since = EditLock.objects.get(article=article).since
    assert abs(since - opened) < timedelta(minutes=1)
    said = notice(page)
    assert said.startswith(
        f"Alex Editor has been editing this story since {timezone.localtime(since):%H:%M}."
    )
    banner = page.cssselect("[data-edit-lock]")[0]
    assert banner.get("role") == "status"
    # Sam opening it does not take Alex's lock.
    assert EditLock.objects.get(article=article).user == alex
    # Alex, back on the form, is not warned about Alex.
    assert notice(html(client_of(alex).get(change_url(article)))) is None


def test_a_lock_older_than_a_day_says_the_date(html):
    alex = make_editor("alex", first_name="Alex", last_name="Editor")
    article, _, _ = story()
    client_of(alex).get(change_url(article))
    yesterday = timezone.now() - timedelta(days=1)
    EditLock.objects.filter(article=article).update(since=yesterday)
    said = notice(html(client_of(make_editor("sam")).get(change_url(article))))
    assert f"since {timezone.localtime(yesterday):%-d %B %Y, %H:%M}." in said


def test_the_lock_runs_out_by_itself(settings, html):
    settings.NEWSROOM_EDIT_LOCK_MINUTES = 5
    alex = make_editor("alex", first_name="Alex", last_name="Editor")
    sam = make_editor("sam")
    article, _, _ = story()
    client_of(alex).get(change_url(article))
    EditLock.objects.filter(article=article).update(
        refreshed_at=timezone.now() - timedelta(minutes=4)
    )
    assert notice(html(client_of(sam).get(change_url(article)))) is not None
    EditLock.objects.filter(article=article).update(
        refreshed_at=timezone.now() - timedelta(minutes=5, seconds=1)
    )
    assert notice(html(client_of(sam).get(change_url(article)))) is None
    assert EditLock.objects.get(article=article).user == sam


def test_the_forms_heartbeat_keeps_the_lock_and_answers_who_else_holds_it():
    alex = make_editor("alex", first_name="Alex", last_name="Editor")
    article, _, _ = story()
    client = client_of(alex)
    client.get(change_url(article))
    EditLock.objects.filter(article=article).update(
        refreshed_at=timezone.now() - timedelta(minutes=4)
    )
    assert client.get(lock_url(article)).status_code == 405
    answer = client.post(lock_url(article))
    assert answer.json() == {"notice": ""}
    lock = EditLock.objects.get(article=article)
    assert timezone.now() - lock.refreshed_at < timedelta(seconds=30)
    other = client_of(make_editor("sam")).post(lock_url(article)).json()
    assert other["notice"].startswith("Alex Editor has been editing this story since")


def test_the_form_loads_the_heartbeat_script_from_a_static_file(html):
    article, _, _ = story()
    page = html(client_of(make_editor()).get(change_url(article)))
    sources = [s.get("src") for s in page.cssselect("script[src]")]
    assert any(src.endswith("articles/admin/edit-lock.js") for src in sources)
    banner = page.cssselect("[data-edit-lock]")[0]
    assert banner.get("data-edit-lock") == lock_url(article)


def test_saving_over_someone_elses_newer_change_is_refused_with_the_text_kept(html):
    alex = make_editor("alex", first_name="Alex", last_name="Editor")
    sam = make_editor("sam", first_name="Sam", last_name="Desk")
    article, _, _ = story()
    alex_client, sam_client = client_of(alex), client_of(sam)
    # Both open the form; Sam saves first.
    page = html(alex_client.get(change_url(article)))
    opened_on = page.cssselect("input[name=editing_revision]")[0].get("value")
    sam_client.post(change_url(article), change_form(article, "_save", headline="Sam's headline"))
    assert Article.objects.get(pk=article.pk).headline == "Sam's headline"

    typed = "Alex's own headline, typed with care"
    response = alex_client.post(
        change_url(article), change_form(article, "_save", opened_on=opened_on, headline=typed)
    )
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Sam's headline"
    page = html(response)
    [error] = page.cssselect(".errorlist.nonfield li")
    text = " ".join(error.text_content().split())
    assert text.startswith("Sam Desk saved this story on")
    assert "your changes are not saved yet" in text
    assert page.cssselect("#id_headline")[0].get("value") == typed
    link = error.cssselect("a")[0]
    assert link.text_content() == "Compare with the current version"
    compare = alex_client.get(link.get("href"))
    assert compare.status_code == 200
    [headline] = [
        row
        for row in html(compare).cssselect(".revision-compare tbody tr")
        if "Headline" in row[0].text_content()
    ]
    assert headline.cssselect("td")[0].cssselect("del")[0].text == "River rises above the old quay"
    assert headline.cssselect("td")[1].cssselect("ins")[0].text == "Sam's headline"

    # Pressing the button again saves over Sam's change, knowingly.
    token = page.cssselect("input[name=editing_revision]")[0].get("value")
    assert token == str(revisions_of(article).first().pk)
    response = alex_client.post(
        change_url(article), change_form(article, "_save", opened_on=token, headline=typed)
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == typed


def test_ones_own_newer_save_is_not_refused():
    alex = make_editor("alex")
    article, _, _ = story()
    client = client_of(alex)
    client.post(change_url(article), change_form(article, "_continue", headline="First try"))
    response = client.post(
        change_url(article), change_form(article, "_save", opened_on=0, headline="Second try")
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Second try"


def test_leaving_the_form_by_saving_lets_the_lock_go():
    alex = make_editor("alex")
    article, _, _ = story()
    client = client_of(alex)
    client.get(change_url(article))
    assert EditLock.objects.filter(article=article).exists()
    client.post(change_url(article), change_form(article, "_save"))
    assert not EditLock.objects.filter(article=article).exists()
