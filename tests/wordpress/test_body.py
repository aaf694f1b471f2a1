"""Post bodies from WordPress, classic and block editor alike, as Newsroom body pieces: every
caption form, quote, list and embed comes across, and nothing executable does."""

import pytest

from articles.wordpress.body import convert, parse_blocks, wpautop


def kinds(converted):
    return [piece.kind for piece in converted.pieces]


def photos(converted):
    return [(p.attachment, p.src, p.caption) for p in converted.pieces if p.kind == "photo"]


# --- Classic content -------------------------------------------------------------------------


def test_automatic_paragraphs_as_wordpress_makes_them():
    assert wpautop("One line\nnext line\n\nSecond paragraph") == (
        "<p>One line<br />\nnext line</p>\n<p>Second paragraph</p>"
    )
    # Block-level tags are not wrapped; <pre> keeps its line breaks.
    assert wpautop("<h2>Head</h2>\nText") == "<h2>Head</h2>\n<p>Text</p>"
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>"


@pytest.mark.parametrize(
    "shortcode",
    [
        # The caption as the text after the image (WordPress 3.4 and later)...
        '[caption id="attachment_12" align="aligncenter" width="640"]<a href="https://old.example/'
        'flood.jpg"><img class="size-large wp-image-12" src="https://old.example/flood.jpg" '
        'alt="Water in the street" width="640" height="400" /></a> Water on the high street'
        "[/caption]",
        # ...as an attribute (earlier exports)...
        '[caption id="attachment_12" align="alignnone" width="640" caption="Water on the high '
        'street"]<img class="wp-image-12" src="https://old.example/flood.jpg" alt="Water in the '
        'street" />[/caption]',
        # ...and over several lines, as the classic editor saves a caption typed with returns.
        '[caption id="attachment_12" align="alignnone" width="640"]\n<img class="wp-image-12" '
        'src="https://old.example/flood.jpg"\nalt="Water in the street" />\nWater on the\nhigh '
        "street[/caption]",
    ],
)
def test_a_caption_shortcode_in_every_form_is_a_photo_with_its_caption(shortcode):
    converted = convert(f"The river rose.\n\n{shortcode}\n\nIt kept rising.")
    assert kinds(converted) == ["text", "photo", "text"]
    photo = converted.pieces[1]
    assert (photo.attachment, photo.src) == (12, "https://old.example/flood.jpg")
    assert photo.caption == "Water on the high street"
    assert photo.alt == "Water in the street"
    assert "[caption" not in "".join(p.text for p in converted.pieces)
    assert converted.notes == []


def test_headings_quotes_lists_and_galleries_in_classic_content():
    converted = convert(
        "Intro.\n\n<h3>What happens next</h3>\n"
        "<blockquote>We will rebuild the wall.\n— Mayor Jo Reyes</blockquote>\n"
        "<ul>\n<li>Roads closed</li>\n<li>Schools open</li>\n</ul>\n"
        '[gallery ids="20, 21"]'
    )
    assert kinds(converted) == ["text", "heading", "quote", "text", "photo", "photo"]
    assert converted.pieces[1].words == "What happens next"
    quote = converted.pieces[2]
    assert (quote.words, quote.attribution) == ("We will rebuild the wall.", "Mayor Jo Reyes")
    assert "<li>Roads closed</li>" in converted.pieces[3].text
    assert photos(converted) == [(20, "", ""), (21, "", "")]


def test_embeds_become_links_and_unknown_shortcodes_keep_their_text():
    converted = convert(
        "Watch:\n\nhttps://video.example/watch?v=1\n\n[embed]https://social.example/p/2[/embed]"
        '\n\n[highlight colour="red"]Roads reopen at six[/highlight] [contact-form id="3"]'
    )
    text = converted.pieces[0].text
    assert '<a href="https://video.example/watch?v=1"' in text
    assert '<a href="https://social.example/p/2"' in text
    assert "Roads reopen at six" in text
    assert "[" not in text
    assert "Shortcode [highlight] was taken out; the text inside it was kept." in converted.notes
    assert "Shortcode [contact-form] was taken out (it held no text)." in converted.notes


def test_a_malicious_body_reaches_no_reader_and_the_report_says_what_went():
    converted = convert(
        '<script>steal()</script>Hello <b onclick="steal()">there</b>\n\n'
        '<p><a href="javascript:steal()">link</a> <img src="x" onerror="steal()"></p>\n'
        "<style>body{display:none}</style>"
        '<iframe src="https://player.example/v/9"></iframe>'
        '<svg onload="steal()"><circle/></svg><object data="x.swf"></object>'
        '<form action="https://evil.example"><input name="card"></form>'
    )
    html = "".join(p.text for p in converted.pieces)
    for bad in ("script", "steal", "onclick", "onerror", "javascript", "style", "svg", "form"):
        assert bad not in html, bad
    assert '<a href="https://player.example/v/9"' in html  # the frame, as a link
    assert "Left out: <script> (no such thing reaches a Newsroom page)." in converted.notes
    assert "Left out: <style> (no such thing reaches a Newsroom page)." in converted.notes
    assert "An embedded frame was turned into a link to https://player.example/v/9." in (
        converted.notes
    )


# --- Block editor ----------------------------------------------------------------------------

BLOCKS = """<!-- wp:paragraph -->
<p>The council met <strong>at dawn</strong>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">The vote</h3>
<!-- /wp:heading -->

<!-- wp:image {"id":55,"sizeSlug":"large"} -->
<figure class="wp-block-image size-large"><img src="https://old.example/vote.jpg" alt="Hands up"
 class="wp-image-55"/><figcaption class="wp-element-caption">Councillors vote</figcaption></figure>
<!-- /wp:image -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>Not one house more.</p><cite>Cllr Amy
 Shah</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>We were not asked.</p>
<!-- /wp:paragraph --><cite>A resident</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:group --><div class="wp-block-group"><!-- wp:list -->
<ul><!-- wp:list-item -->
<li>Item one</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list --></div><!-- /wp:group -->

<!-- wp:gallery {"linkTo":"none"} -->
<figure class="wp-block-gallery"><!-- wp:image {"id":60} -->
<figure class="wp-block-image"><img src="https://old.example/a.jpg" alt="" class="wp-image-60"/>
<figcaption>The hall</figcaption></figure>
<!-- /wp:image --><!-- wp:image {"id":61} -->
<figure class="wp-block-image"><img src="https://old.example/b.jpg" alt="" class="wp-image-61"/>
</figure>
<!-- /wp:image --></figure>
<!-- /wp:gallery -->

<!-- wp:embed {"url":"https://video.example/v/3","type":"video"} -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://video.example/v/3
</div></figure>
<!-- /wp:embed -->

<!-- wp:separator /-->

<!-- wp:acme/countdown {"to":"2027-01-01"} -->
<div class="countdown">Days to the vote</div>
<!-- /wp:acme/countdown -->"""


def test_block_content_becomes_the_same_pieces():
    converted = convert(BLOCKS)
    assert kinds(converted) == [
        *("text", "heading", "photo", "quote", "quote", "text", "photo", "photo", "text"),
    ]
    assert converted.pieces[0].text == "<p>The council met <strong>at dawn</strong>.</p>"
    assert converted.pieces[1].words == "The vote"
    assert photos(converted) == [
        (55, "https://old.example/vote.jpg", "Councillors vote"),
        (60, "https://old.example/a.jpg", "The hall"),
        (61, "https://old.example/b.jpg", ""),
    ]
    assert [(p.words, p.attribution) for p in converted.pieces if p.kind == "quote"] == [
        ("Not one house more.", "Cllr Amy Shah"),
        ("We were not asked.", "A resident"),
    ]
    assert "<li>Item one</li>" in converted.pieces[5].text
    last = converted.pieces[-1].text
    assert '<a href="https://video.example/v/3"' in last
    assert "Days to the vote" in last  # an unknown block keeps its words...
    assert "Block acme/countdown has no Newsroom piece: its text was kept as paragraphs." in (
        converted.notes  # ...and says so
    )


def test_blocks_nest_as_saved_and_a_name_without_namespace_is_core():
    blocks = parse_blocks(
        "<!-- wp:columns --><div><!-- wp:column --><div><!-- wp:paragraph --><p>x</p>"
        "<!-- /wp:paragraph --></div><!-- /wp:column --></div><!-- /wp:columns -->"
        '<!-- wp:spacer {"height":"20px"} /-->'
    )
    assert [b.name for b in blocks] == ["core/columns", "core/spacer"]
    column = blocks[0].inner[0]
    assert column.name == "core/column"
    assert column.inner[0].html == "<p>x</p>"
    assert blocks[1].attrs == {"height": "20px"}


def test_bracketed_words_that_are_not_shortcodes_stay_as_written():
    converted = convert(
        "He said the plan was [sic] final.\n\n[Update: the council voted on Monday.]"
    )
    text = converted.pieces[0].text
    assert "[sic]" in text
    assert "[Update: the council voted on Monday.]" in text
    assert converted.notes == []


def test_bracketed_notes_with_a_capital_or_several_words_stay_as_written():
    # Seen on a real export: an editor's note in a draft, which WordPress itself shows as typed
    # (no plugin registers [Figures]), was dropped whole as an unknown shortcode.
    converted = convert(
        "For a Band D home that is about £86 more a year. "
        "[Figures to be checked with finance before this goes out.]\n\n"
        "[Updated 14:05] Police have reopened the road. [the council declined to comment]\n\n"
        '[contact-form-7 id="12" title="Tell us your flood story"] [tweet 1234]'
    )
    text = converted.pieces[0].text
    assert "[Figures to be checked with finance before this goes out.]" in text
    assert "[Updated 14:05] Police have reopened the road." in text
    assert "[the council declined to comment]" in text
    assert "contact-form-7" not in text and "tweet" not in text  # plugins' codes still go
    assert converted.notes == [
        "Shortcode [contact-form-7] was taken out (it held no text).",
        "Shortcode [tweet] was taken out (it held no text).",
    ]


def test_a_gallery_blocks_own_caption_follows_its_photos():
    # WordPress 5.9+ galleries: image blocks inside, and a caption of the gallery's own.
    converted = convert(
        '<!-- wp:gallery {"linkTo":"none"} -->\n'
        '<figure class="wp-block-gallery has-nested-images columns-default is-cropped">'
        '<!-- wp:image {"id":19} -->\n<figure class="wp-block-image"><img src="https://old.example'
        '/m1.jpg" alt="" class="wp-image-19"/><figcaption class="wp-element-caption">Fruit stall'
        "</figcaption></figure>\n<!-- /wp:image -->\n\n"
        '<!-- wp:image {"id":20} -->\n<figure class="wp-block-image"><img src="https://old.example'
        '/m2.jpg" alt="" class="wp-image-20"/></figure>\n<!-- /wp:image -->'
        '<figcaption class="blocks-gallery-caption wp-element-caption">The market has '
        '<a href="https://old.example/stalls">twenty stalls</a></figcaption></figure>\n'
        "<!-- /wp:gallery -->\n\n"
        "<!-- wp:paragraph -->\n<p>After.</p>\n<!-- /wp:paragraph -->\n"
        # ...and the gallery of WordPress 5.0-5.8, a list of figures with the caption after it.
        '<!-- wp:gallery {"ids":[5]} --><figure class="wp-block-gallery"><ul><li><figure>'
        '<img src="https://old.example/a.jpg" class="wp-image-5"><figcaption>One</figcaption>'
        '</figure></li></ul><figcaption class="blocks-gallery-caption">Old caption</figcaption>'
        "</figure><!-- /wp:gallery -->"
    )
    assert kinds(converted) == ["photo", "photo", "text", "photo", "text"]
    assert photos(converted) == [
        (19, "https://old.example/m1.jpg", "Fruit stall"),
        (20, "https://old.example/m2.jpg", ""),
        (5, "https://old.example/a.jpg", "One"),
    ]
    assert converted.pieces[2].text.startswith("<p>The market has <a href=")
    assert converted.pieces[2].text.endswith("twenty stalls</a></p>\n<p>After.</p>")
    assert converted.pieces[4].text == "<p>Old caption</p>"
    assert converted.notes == [
        "A gallery's caption, “The market has twenty stalls”, follows its photos as a paragraph.",
        "A gallery's caption, “Old caption”, follows its photos as a paragraph.",
    ]


def test_text_after_inline_markup_in_a_div_comes_across_once():
    converted = convert("<div>Intro <strong>bold</strong> more words</div>")
    assert converted.pieces[0].text.count("more words") == 1


def test_an_old_gallery_block_gives_each_photo_once():
    converted = convert(
        '<!-- wp:gallery {"ids":[5,6]} --><figure class="wp-block-gallery"><ul>'
        '<li><figure><img src="https://old.example/a.jpg" class="wp-image-5"></figure></li>'
        '<li><figure><img src="https://old.example/b.jpg" class="wp-image-6"></figure></li>'
        "</ul></figure><!-- /wp:gallery -->"
    )
    assert photos(converted) == [
        (5, "https://old.example/a.jpg", ""),
        (6, "https://old.example/b.jpg", ""),
    ]


def test_a_figure_of_several_photos_keeps_every_caption():
    # Classic HTML: two photos side by side under one caption, and a figure per photo inside one.
    shared = convert(
        '<figure><img class="wp-image-5" src="https://old.example/a.jpg">'
        '<img class="wp-image-6" src="https://old.example/b.jpg">'
        "<figcaption>Before and after the flood</figcaption></figure>"
    )
    assert photos(shared) == [
        (5, "https://old.example/a.jpg", ""),
        (6, "https://old.example/b.jpg", "Before and after the flood"),
    ]
    assert shared.notes == [
        "A caption shared by 2 photos (“Before and after the flood”) is under the last of them."
    ]
    nested = convert(
        '<figure><figure><img class="wp-image-5" src="https://old.example/a.jpg">'
        "<figcaption>The quay</figcaption></figure>"
        '<figure><img class="wp-image-6" src="https://old.example/b.jpg">'
        "<figcaption>The bridge</figcaption></figure>"
        "<figcaption>Two views of the river</figcaption></figure>"
    )
    assert photos(nested) == [
        (5, "https://old.example/a.jpg", "The quay"),
        (6, "https://old.example/b.jpg", "The bridge. Two views of the river"),
    ]
