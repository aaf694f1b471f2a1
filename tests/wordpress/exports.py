# ruff: noqa: E501  (XML as WordPress writes it, one element a line)
"""WordPress exports written for the tests, shaped as Tools → Export writes them (WXR 1.2)."""

from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/{v}/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/{v}/"
>
<channel>
	<title>Riverside Gazette</title>
	<link>https://gazette.example</link>
	<description>News from the valley</description>
	<language>en-GB</language>
	<wp:wxr_version>{v}</wp:wxr_version>
	<wp:base_site_url>https://gazette.example</wp:base_site_url>
	<wp:base_blog_url>https://gazette.example</wp:base_blog_url>
"""
FOOTER = "</channel>\n</rss>\n"


def cdata(text):
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login, display_name, email="", author_id=1, first="", last=""):
    return f"""	<wp:author><wp:author_id>{author_id}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login><wp:author_email>{cdata(email)}</wp:author_email><wp:author_display_name>{cdata(display_name)}</wp:author_display_name><wp:author_first_name>{cdata(first)}</wp:author_first_name><wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>
"""


def category(slug, name, term_id=1, parent="", description=""):
    return f"""	<wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename><wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name><wp:category_description>{cdata(description)}</wp:category_description></wp:category>
"""


def tag(slug, name, term_id=1):
    return f"""	<wp:tag><wp:term_id>{term_id}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug><wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>
"""


def comment(
    comment_id,
    text,
    *,
    author="A Reader",
    email="reader@example.net",
    url="",
    ip="192.0.2.10",
    date="2024-03-05 10:00:00",
    approved="1",
    kind="comment",
    parent=0,
):
    return f"""		<wp:comment>
			<wp:comment_id>{comment_id}</wp:comment_id>
			<wp:comment_author>{cdata(author)}</wp:comment_author>
			<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>
			<wp:comment_author_url>{escape(url)}</wp:comment_author_url>
			<wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>
			<wp:comment_date>{cdata(date)}</wp:comment_date>
			<wp:comment_date_gmt>{cdata(date)}</wp:comment_date_gmt>
			<wp:comment_content>{cdata(text)}</wp:comment_content>
			<wp:comment_approved>{cdata(approved)}</wp:comment_approved>
			<wp:comment_type>{cdata(kind)}</wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""


def item(
    post_id,
    title,
    *,
    content="",
    excerpt="",
    creator="jdoe",
    post_type="post",
    status="publish",
    date="2024-03-04 09:30:00",
    date_gmt=None,
    slug=None,
    terms=(),
    meta=None,
    comments=(),
    parent=0,
    attachment_url="",
    link=None,
):
    slug = slug if slug is not None else title.lower().replace(" ", "-")
    date_gmt = date if date_gmt is None else date_gmt
    link = link or f"https://gazette.example/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"
    term_lines = "".join(
        f'		<category domain="{domain}" nicename="{escape(nicename)}">{cdata(name)}</category>\n'
        for domain, nicename, name in terms
    )
    meta_lines = "".join(
        f"		<wp:postmeta><wp:meta_key>{cdata(k)}</wp:meta_key><wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>\n"
        for k, v in (meta or {}).items()
    )
    attachment = (
        f"		<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>\n"
        if attachment_url
        else ""
    )
    return f"""	<item>
		<title>{cdata(title)}</title>
		<link>{escape(link)}</link>
		<pubDate>Mon, 04 Mar 2024 09:30:00 +0000</pubDate>
		<dc:creator>{cdata(creator)}</dc:creator>
		<guid isPermaLink="false">https://gazette.example/?p={post_id}</guid>
		<description></description>
		<content:encoded>{cdata(content)}</content:encoded>
		<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date>{cdata(date)}</wp:post_date>
		<wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>
		<wp:comment_status>{cdata("open")}</wp:comment_status>
		<wp:ping_status>{cdata("open")}</wp:ping_status>
		<wp:post_name>{cdata(slug)}</wp:post_name>
		<wp:status>{cdata(status)}</wp:status>
		<wp:post_parent>{parent}</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>{cdata(post_type)}</wp:post_type>
		<wp:post_password>{cdata("")}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
{attachment}{term_lines}{meta_lines}{"".join(comments)}	</item>
"""


def export(*parts, version="1.2"):
    return (HEADER.format(v=version) + "".join(parts) + FOOTER).encode()
