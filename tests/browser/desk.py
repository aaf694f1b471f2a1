"""The admin as an editor drives it in the browser tests: logging in through the form, and the
autocomplete boxes (section, byline) opened, typed into and chosen from."""

from django.urls import reverse
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


def log_in(page, site, username="desk", password=PASSWORD):
    """Log in through the admin's own form; back on the desk's index."""
    page.goto(site(reverse("admin:login")))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Newsdesk")).to_be_visible()


def choose(page, select_id, typed, option):
    """Pick ``option`` in one of the admin's autocomplete boxes, as an editor does: open it,
    type, click the match."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()
    expect(page.locator(f"#{select_id} + .select2 .select2-selection__rendered")).to_contain_text(
        option
    )
