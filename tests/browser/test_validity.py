"""The HTML the site serves is valid: the Nu HTML Checker finds no error on any public page."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from newsroom.outages import outage_response
from newsroom.views import server_error
from tests.public_pages import PAGES

from . import tools
from .pages import open_page

pytestmark = pytest.mark.browser

# A page with mistakes the checker must report, checked in the same run: proof that the checker
# ran and that its report was read.
INVALID_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Invalid</title></head>
<body><p><time datetime="yesterday">Yesterday</time><div>block in a paragraph</span></p></body>
</html>
"""


@pytest.fixture
def vnu():
    return tools.require(tools.VNU)


def test_nu_html_checker_finds_no_error_on_any_page(
    vnu, page, site, newsroom, tmp_path, pytestconfig
):
    checked = [public_page for public_page in PAGES if not public_page.pending]
    files = []
    for public_page in checked:
        response = open_page(page, site, newsroom, public_page)
        path = tmp_path / f"{public_page.name}.html"
        path.write_text(response.text(), encoding="utf-8")
        files.append(path)
    for name, html in error_pages().items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(html)
        files.append(path)
    invalid = tmp_path / "invalid-on-purpose.html"
    invalid.write_text(INVALID_PAGE, encoding="utf-8")

    assert vnu.exists()
    errors = tools.vnu_errors([*files, invalid])

    assert len(errors.pop(invalid.name)) >= 2, "the checker missed the invalid page's errors"
    report = {name: len(messages) for name, messages in errors.items()}
    for name, count in report.items():
        tools.record(pytestconfig, "Nu HTML Checker", f"{name}: {count} errors")
    assert report == {path.name: 0 for path in files}, "\n".join(
        f"{name}:\n{tools.describe_vnu(messages)}" for name, messages in errors.items() if messages
    )


def error_pages():
    """Pages no link leads to: the expired-form page, the server-error page and the database
    outage page, plain and for a comment it shows back."""
    expired = Client(enforce_csrf_checks=True).post(reverse("admin:login"))
    assert expired.status_code == 403
    down = OperationalError("connection refused")
    posted = RequestFactory().post(
        reverse("comments:post"), {"comment": "Words <kept>\nand more.", "name": "Jo Reader"}
    )
    return {
        "form-expired": expired.content,
        "server-error": server_error(None).content,
        "database-outage": outage_response(RequestFactory().get("/"), down).content,
        "database-outage-comment": outage_response(posted, down).content,
    }
