"""Guessing admin passwords: after a few failures an account, or an address, is refused for a
while, with a page that says so and when it lifts."""

import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import log_in, make_editor

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LIMIT = 5


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": ""},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address="203.0.113.7"):
    return [attempt(client, username, "not it", address) for _ in range(times)]


def lifts_text(response):
    match = re.search(r"Try again after <time datetime=\"([^\"]+)\">(\d\d:\d\d)", response.text)
    assert match, response.text
    return match.group(1), match.group(2)


def test_wrong_passwords_lock_the_account_and_the_page_says_when_it_lifts(client, html):
    make_editor(password=PASSWORD)
    responses = fail(client, "desk", LIMIT)
    assert [r.status_code for r in responses[:-1]] == [200] * (LIMIT - 1)
    locked = responses[-1]
    assert locked.status_code == 429
    assert "Too many failed logins for this account. Try again after" in locked.text
    when, shown = lifts_text(locked)
    expected = timezone.localtime(AccessAttempt.objects.get().attempt_time + timedelta(minutes=15))
    assert shown == expected.strftime("%H:%M")
    assert int(locked["Retry-After"]) in range(14 * 60, 15 * 60 + 2)
    page = html(locked)
    assert page.cssselect("h1")[0].text_content() == "Login refused"
    assert page.cssselect("[role=alert]")
    assert page.cssselect("#site-name")  # the admin's own header and design

    # The right password now changes nothing, and trying again does not prolong the lockout.
    again = attempt(client, "desk", PASSWORD)
    assert again.status_code == 429
    assert lifts_text(again) == (when, shown)
    assert client.get(reverse("admin:index")).status_code == 302


def test_one_account_guessed_from_many_addresses_is_locked_everywhere(client):
    make_editor(password=PASSWORD)
    for n in range(LIMIT):
        fail(client, "desk", 1, address=f"198.51.100.{n + 1}")
    response = attempt(Client(), "desk", PASSWORD, address="192.0.2.99")
    assert response.status_code == 429
    assert "Too many failed logins for this account." in response.text


def test_many_accounts_guessed_from_one_address_lock_that_address_only(client):
    make_editor(password=PASSWORD)
    for n in range(LIMIT):
        fail(client, f"guess{n}", 1)
    refused = attempt(Client(), "desk", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed logins from your network address." in refused.text
    elsewhere = attempt(Client(), "desk", PASSWORD, address="192.0.2.99")
    assert elsewhere.status_code == 302


def test_the_lockout_lifts_by_itself_after_the_cool_off(client):
    make_editor(password=PASSWORD)
    fail(client, "desk", LIMIT)
    assert attempt(client, "desk", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert attempt(client, "desk", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures_before_it(client):
    make_editor(password=PASSWORD)
    fail(client, "desk", LIMIT - 1)
    assert attempt(client, "desk", PASSWORD).status_code == 302
    client.logout()
    assert [r.status_code for r in fail(client, "desk", LIMIT - 1)] == [200] * (LIMIT - 1)
    assert attempt(client, "desk", PASSWORD).status_code == 302


def test_logins_and_lockouts_are_logged(client, caplog):
    make_editor(password=PASSWORD)
    with caplog.at_level(logging.INFO, logger="newsroom.logins"):
        assert attempt(client, "desk", PASSWORD).status_code == 302
        client.logout()
        fail(client, "desk", LIMIT)
    messages = [r.getMessage() for r in caplog.records if r.name == "newsroom.logins"]
    assert messages[0] == "Login by 'desk' from 203.0.113.7."
    assert messages[1].startswith(
        "Login for 'desk' from 203.0.113.7 refused: Too many failed logins for this account. "
        "Locked until "
    )


def test_axes_reset_lets_a_locked_out_editor_in_at_once(client):
    make_editor(password=PASSWORD)
    fail(client, "desk", LIMIT)
    call_command("axes_reset_username", "desk", verbosity=0)
    assert attempt(client, "desk", PASSWORD).status_code == 302
    client.logout()
    fail(client, "desk", LIMIT)
    call_command("axes_reset", verbosity=0)
    assert AccessAttempt.objects.count() == 0
    assert log_in(client, "desk", PASSWORD)


def test_superusers_see_access_attempts_in_the_admin_and_editors_do_not(client):
    make_editor(password=PASSWORD)
    fail(client, "desk", 2)
    admin_user = get_user_model().objects.create_superuser("chief", password=PASSWORD)
    chief = Client()
    chief.force_login(admin_user)
    page = chief.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200
    assert "203.0.113.7" in page.text and "desk" in page.text
    editor = Client()
    editor.force_login(get_user_model().objects.get(username="desk"))
    assert editor.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
