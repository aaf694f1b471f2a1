"""Tags for a page's head: its canonical address, absolute URLs and JSON-LD data blocks."""

import json
from urllib.parse import urlencode

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.site import absolute_url as site_absolute_url

register = template.Library()

# The only query parameters that make a different page: the rest (tracking tags, share
# parameters) would split one page into many in search engines' eyes.
CANONICAL_PARAMETERS = ("q", "page")

# Inside <script> no "<", ">" or "&" may appear as itself: "</script>" in a headline must not
# end the block early. JSON lets each be written as a \u escape instead.
JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address, absolute. A view may name it with ``canonical_path`` (an
    article seen through its preview address is still the article)."""
    request = context.get("request")
    if request is None:
        return ""
    path = context.get("canonical_path") or request.path
    if path == request.path:
        kept = {
            name: request.GET[name]
            for name in CANONICAL_PARAMETERS
            if request.GET.get(name) and not (name == "page" and request.GET[name] == "1")
        }
        if kept:
            path += "?" + urlencode(kept)
    return site_absolute_url(request, path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    request = context.get("request")
    return site_absolute_url(request, path) if request is not None else path


def json_ld_script(data):
    """``data`` as a JSON-LD ``<script>`` data block (not executed, so the CSP allows it)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped for <script>
    )
