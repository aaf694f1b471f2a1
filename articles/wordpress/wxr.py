"""Reading a WordPress export (WXR 1.1 and 1.2, as Tools → Export of WordPress 4 to 6 writes it)
as a stream: one author, term or item at a time, each element freed once read, so memory does
not grow with the file.

The XML is parsed with entities left unexpanded, no DTD loaded and no network: a file that
declares entities (a "billion laughs" bomb, an external file) cannot make the parser read or
expand anything. A file that is not well-formed stops with ``ExportError`` naming its line.
"""

from dataclasses import dataclass, field

from lxml import etree

CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"


class ExportError(Exception):
    """The file cannot be read as a WordPress export: the message says where and why."""


@dataclass
class Author:
    id: int | None
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    kind: str  # "category", "post_tag", or another taxonomy's name
    id: int | None
    slug: str
    name: str
    parent: str = ""  # the parent's slug
    description: str = ""


@dataclass
class Comment:
    id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date_gmt: str = ""
    date: str = ""
    content: str = ""
    approved: str = "1"  # "1", "0" (pending), "spam", "trash", "post-trashed"
    type: str = ""  # "", "comment", "pingback", "trackback"
    parent: int = 0
    user_id: int = 0


@dataclass
class Item:
    id: int
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""  # the author's login
    content: str = ""
    excerpt: str = ""
    date: str = ""
    date_gmt: str = ""
    slug: str = ""
    status: str = ""
    parent: int = 0
    menu_order: int = 0
    password: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # (taxonomy, slug, name), in the export's order
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)
    line: int = 0  # where the item starts in the file, for the report


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


def _kind(element):
    """An element's name without its namespace's version: ``wp:post_id``, ``content:encoded``."""
    qname = etree.QName(element)
    namespace = qname.namespace or ""
    if namespace.startswith("http://wordpress.org/export/"):
        prefix = "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    elif namespace == CONTENT:
        prefix = "content"
    elif namespace == DC:
        prefix = "dc"
    else:
        prefix = ""
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _children(element):
    return {_kind(child): child for child in element if isinstance(child.tag, str)}


def _text(children, name):
    child = children.get(name)
    return (child.text or "").strip() if child is not None else ""


def _raw(children, name):
    child = children.get(name)
    return child.text or "" if child is not None else ""


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _author(element):
    c = _children(element)
    return Author(
        id=_int(_text(c, "wp:author_id")) or None,
        login=_text(c, "wp:author_login"),
        email=_text(c, "wp:author_email"),
        display_name=_text(c, "wp:author_display_name"),
        first_name=_text(c, "wp:author_first_name"),
        last_name=_text(c, "wp:author_last_name"),
    )


def _term(element, kind):
    c = _children(element)
    if kind == "category":
        slug, name = _text(c, "wp:category_nicename"), _text(c, "wp:cat_name")
        parent, description = _text(c, "wp:category_parent"), _raw(c, "wp:category_description")
    elif kind == "post_tag":
        slug, name = _text(c, "wp:tag_slug"), _text(c, "wp:tag_name")
        parent, description = "", _raw(c, "wp:tag_description")
    else:
        kind = _text(c, "wp:term_taxonomy")
        slug, name = _text(c, "wp:term_slug"), _text(c, "wp:term_name")
        parent, description = _text(c, "wp:term_parent"), _raw(c, "wp:term_description")
    return Term(kind, _int(_text(c, "wp:term_id")) or None, slug, name, parent, description)


def _comment(element):
    c = _children(element)
    return Comment(
        id=_int(_text(c, "wp:comment_id")),
        author=_text(c, "wp:comment_author"),
        email=_text(c, "wp:comment_author_email"),
        url=_text(c, "wp:comment_author_url"),
        ip=_text(c, "wp:comment_author_IP"),
        date=_text(c, "wp:comment_date"),
        date_gmt=_text(c, "wp:comment_date_gmt"),
        content=_raw(c, "wp:comment_content"),
        approved=_text(c, "wp:comment_approved") or "1",
        type=_text(c, "wp:comment_type"),
        parent=_int(_text(c, "wp:comment_parent")),
        user_id=_int(_text(c, "wp:comment_user_id")),
    )


def _item(element):
    item = Item(id=0, post_type="", line=element.sourceline or 0)
    for child in element:
        if not isinstance(child.tag, str):
            continue
        kind, text = _kind(child), child.text or ""
        if kind == "title":
            item.title = text.strip()
        elif kind == "link":
            item.link = text.strip()
        elif kind == "guid":
            item.guid = text.strip()
        elif kind == "dc:creator":
            item.creator = text.strip()
        elif kind == "content:encoded":
            item.content = text
        elif kind == "excerpt:encoded":
            item.excerpt = text
        elif kind == "wp:post_id":
            item.id = _int(text)
        elif kind == "wp:post_date":
            item.date = text.strip()
        elif kind == "wp:post_date_gmt":
            item.date_gmt = text.strip()
        elif kind == "wp:post_name":
            item.slug = text.strip()
        elif kind == "wp:status":
            item.status = text.strip()
        elif kind == "wp:post_parent":
            item.parent = _int(text)
        elif kind == "wp:menu_order":
            item.menu_order = _int(text)
        elif kind == "wp:post_type":
            item.post_type = text.strip()
        elif kind == "wp:post_password":
            item.password = text.strip()
        elif kind == "wp:attachment_url":
            item.attachment_url = text.strip()
        elif kind == "category":
            item.terms.append((child.get("domain", ""), child.get("nicename", ""), text.strip()))
        elif kind == "wp:postmeta":
            c = _children(child)
            item.meta[_text(c, "wp:meta_key")] = _raw(c, "wp:meta_value")
        elif kind == "wp:comment":
            item.comments.append(_comment(child))
    return item


SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "wxr_version",
}


def read(source):
    """Yield what the export at ``source`` (a path or a binary file) holds, in file order:
    ``Site`` once the channel's header has been read, then ``Author``, ``Term`` and ``Item``
    objects. Raises ``ExportError`` for a file that is not a WordPress export or not
    well-formed XML (after yielding what came before the fault)."""
    parser_options = {
        "events": ("start", "end"),
        "resolve_entities": False,
        "load_dtd": False,
        "no_network": True,
        "remove_comments": True,
        "remove_pis": True,
        "huge_tree": True,  # a post with a pasted image: safe, entities stay unexpanded
    }
    site, depth, in_item, seen_channel = Site(), 0, False, False
    try:
        for event, element in etree.iterparse(source, **parser_options):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise ExportError(
                        f"line {element.sourceline}: this is not a WordPress export "
                        f"(it starts with <{element.tag}>, not <rss>)."
                    )
                if depth == 2 and element.tag == "channel":
                    seen_channel = True
                if depth == 3 and element.tag == "item":
                    if site is not None:
                        if not site.wxr_version:
                            raise ExportError(
                                f"line {element.sourceline}: this is not a WordPress export "
                                "(no wp:wxr_version before the first item)."
                            )
                        yield site
                        site = None
                    in_item = True
                continue
            depth -= 1
            if depth != 2 or in_item and element.tag != "item":
                continue  # inside an item: read when the item ends
            kind = _kind(element)
            if kind == "item":
                in_item = False
                yield _item(element)
            elif kind == "wp:author":
                yield _author(element)
            elif kind == "wp:category":
                yield _term(element, "category")
            elif kind == "wp:tag":
                yield _term(element, "post_tag")
            elif kind == "wp:term":
                yield _term(element, "term")
            elif site is not None and kind in SITE_FIELDS:
                setattr(site, SITE_FIELDS[kind], (element.text or "").strip())
            # Free what has been read: the element and the ones before it.
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else "?")
        raise ExportError(f"line {line}: the file is not well-formed XML ({error.msg}).") from None
    if not seen_channel:
        raise ExportError("this is not a WordPress export (no <channel>).")
    if site is not None:  # an export without items
        if not site.wxr_version:
            raise ExportError("this is not a WordPress export (no wp:wxr_version).")
        yield site
