"""Production mode refuses to start unsafe; the local defaults need nothing but Python."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import SERVED_SECRET_KEY as GOOD_KEY

BASE_DIR = Path(__file__).resolve().parents[2]


def run_django(env, code="import django; django.setup(); print('started')", args=None):
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV", "DEBUG"}
    }
    base.update({"DJANGO_SETTINGS_MODULE": "newsroom.settings", **env})
    command = args or [sys.executable, "-c", code]
    return subprocess.run(  # noqa: S603
        command, cwd=BASE_DIR, env=base, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "Production needs SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "Production needs SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "a" * 50}, "Production needs SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "Production needs ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": " , "}, "Production needs ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS=* answers any Host"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "news.example,*"}, "ALLOW_ANY_HOST=1"),
    ],
)
def test_production_refuses_to_start_unsafe(env, message):
    result = run_django({"DJANGO_ENV": "production", **env})
    assert result.returncode != 0
    assert message in result.stderr
    assert "started" not in result.stdout


def test_production_turns_debug_off_and_cookies_secure():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "news.example",
        "DEBUG": "1",
    }
    result = run_django(env, code)
    assert result.stdout.split() == ["False", "True", "True", "True"], result.stderr


def test_any_host_is_accepted_in_production_only_when_asked_for():
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "*",
        "ALLOW_ANY_HOST": "1",
    }
    result = run_django(env)
    assert result.stdout.split() == ["started"], result.stderr


def test_hsts_preload_and_subdomains_are_off_unless_chosen():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    env = {"DJANGO_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "news.example"}
    assert run_django(env, code).stdout.split() == ["False", "False"]
    chosen = {**env, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"}
    assert run_django(chosen, code).stdout.split() == ["True", "True"]


@pytest.mark.parametrize(
    ("chosen", "silenced"),
    [
        # HSTS for subdomains and the preload list are off until the newsroom chooses them:
        # the two warnings about exactly that are the only ones silenced.
        ({}, "(2 silenced)"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"}, "(0 silenced)"),
    ],
)
def test_deploy_checks_are_clean_in_production(chosen, silenced):
    """`make deploy-check` (and .ci/run) as a test: a warning fails `make test` too."""
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "news.example",
        **chosen,
    }
    result = run_django(
        env, args=[sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"System check identified no issues {silenced}." in result.stdout
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(*sorted(s.SILENCED_SYSTEM_CHECKS))"
    )
    expected = [] if chosen else ["security.W005", "security.W021"]
    assert run_django(env, code).stdout.split() == expected


def test_unknown_environment_name_is_refused():
    result = run_django({"DJANGO_ENV": "prod"})
    assert result.returncode != 0
    assert "DJANGO_ENV must be" in result.stderr


def test_production_sends_hsts_and_redirects_plain_http(tmp_path):
    """Over HTTPS a reader's browser is told to use HTTPS for a year (this host only: no
    subdomains, no preload list until the newsroom chooses them); a plain-HTTP request is
    sent to HTTPS before any page is rendered."""
    code = (
        "import django; django.setup(); "
        "from django.core.management import call_command; call_command('migrate', verbosity=0); "
        "call_command('collectstatic', interactive=False, verbosity=0); "
        "from django.test import Client; c = Client(HTTP_HOST='news.example'); "
        "secure = c.get('/', secure=True); plain = c.get('/'); "
        "print(secure.status_code, secure['Strict-Transport-Security']); "
        "print(plain.status_code, plain['Location']); "
        "print('upgrade-insecure-requests' in secure['Content-Security-Policy']); "
        "script = c.get('/static/js/site.js', secure=True); "
        "print(script.status_code, script['Cross-Origin-Resource-Policy'])"
    )
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "news.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "NEWSROOM_VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        "REDIS_URL": "",
    }
    result = run_django(env, code)
    lines = result.stdout.splitlines()
    assert lines[:1] == ["200 max-age=31536000"], result.stderr
    assert lines[1:] == ["301 https://news.example/", "True", "200 same-origin"]
