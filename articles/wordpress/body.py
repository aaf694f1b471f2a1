"""A WordPress post's content as Newsroom body pieces, with a note of everything left out.

``convert(content)`` reads both editors' content:

- **Block editor** content (``<!-- wp:paragraph -->`` comments around each block) is read block
  by block, as WordPress's own ``parse_blocks`` does: paragraphs and lists become paragraphs,
  headings subheadings, image blocks (and each image of a gallery) photos with their
  ``figcaption``, quote and pull-quote blocks pull quotes with their ``cite`` as the
  attribution, embeds a link; groups and columns are read through to the blocks inside them.
- **Classic** content gets WordPress's automatic paragraphs (``wpautop``) first. Its
  shortcodes are read: ``[caption]`` in both forms (the caption as an attribute, or as the text
  after the image; on one line or several), ``[gallery ids="…"]`` (one photo each) and
  ``[embed]`` (a link); any other shortcode is taken out, its inner text kept.

Then the HTML is read the way browsers read it (lxml): headings, quotes, figures and images
become their pieces, the rest paragraphs, which the article's rich-text field sanitises again
as it stores them. Scripts, styles, frames, forms and objects are dropped, each mention in the
report. A photo piece names its WordPress attachment (``attachment``, from ``wp-image-N``,
``attachment_N`` or the block's ``id``) and its address (``src``): the importer finds the photo
by either.
"""

import html as html_lib
import json
import re
from dataclasses import dataclass, field

import lxml.html

from ..richtext import clean

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TEXT_TAGS = {"p", "ul", "ol", "pre", "address", "dl", "table"}
DROPPED = {"script", "style", "iframe", "object", "embed", "form", "noscript", "svg", "math"}
DROPPED |= {"template", "audio", "video", "canvas", "link", "meta", "base", "input", "button"}
DROPPED |= {"select", "textarea", "frame", "frameset", "applet"}
# Tags read through to what they hold.
CONTAINERS = {"div", "section", "article", "aside", "header", "footer", "main", "span", "center"}
SILENT_BLOCKS = {"core/separator", "core/spacer", "core/more", "core/nextpage"}
CONTAINER_BLOCKS = {"core/group", "core/columns", "core/column", "core/row", "core/stack"}
CONTAINER_BLOCKS |= {"core/cover", "core/media-text", "core/details"}

EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>")
ATTACHMENT_CLASS = re.compile(r"\bwp-image-(\d+)\b")
ATTACHMENT_ID = re.compile(r"^attachment_(\d+)$")


@dataclass
class Piece:
    kind: str  # a Block.Kind value: "text", "heading", "photo", "quote"
    text: str = ""  # paragraphs: HTML
    words: str = ""  # subheadings and pull quotes: plain text
    attribution: str = ""
    attachment: int | None = None  # photos: the WordPress attachment's id, when the body says
    src: str = ""  # photos: the image's address in the body
    caption: str = ""
    alt: str = ""


@dataclass
class Converted:
    pieces: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what was left out or changed, for the report

    def add(self, piece):
        if piece.kind == "text":
            if not clean(piece.text):
                return
            if self.pieces and self.pieces[-1].kind == "text":
                self.pieces[-1].text += piece.text
                return
        self.pieces.append(piece)

    def note(self, message):
        if message not in self.notes:
            self.notes.append(message)


def convert(content):
    """``content`` (a post's ``content:encoded``) as a ``Converted``: its pieces and notes."""
    converted = Converted()
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if "<!-- wp:" in content:
        for block in parse_blocks(content):
            _block(block, converted)
    else:
        _html(_classic(content, converted), converted)
    for piece in converted.pieces:
        if piece.kind == "text":
            piece.text = EMPTY_PARAGRAPH.sub("", clean(piece.text)).strip()
    converted.pieces = [p for p in converted.pieces if p.kind != "text" or p.text]
    return converted


# --- Block editor ------------------------------------------------------------------------

BLOCK_COMMENT = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{(?:(?!-->).)*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)


@dataclass
class ParsedBlock:
    name: str  # "core/paragraph"; "" for HTML between blocks
    attrs: dict
    html: str = ""  # the block's own HTML, inner blocks' HTML included, without their comments
    inner: list = field(default_factory=list)


def parse_blocks(content):
    """The blocks of block-editor content, nested as saved, as WordPress's parser reads them:
    a name without a namespace is ``core/``; text outside every block is a block without a
    name."""
    top, stack, position = [], [], 0

    def text(chunk):
        if not chunk:
            return
        for open_block in stack:
            open_block.html += chunk
        if not stack and chunk.strip():
            top.append(ParsedBlock("", {}, chunk))

    for match in BLOCK_COMMENT.finditer(content):
        text(content[position : match.start()])
        position = match.end()
        name = match["name"] if "/" in match["name"] else f"core/{match['name']}"
        if match["closer"]:
            if stack and stack[-1].name == name:
                done = stack.pop()
                (stack[-1].inner if stack else top).append(done)
            continue
        try:
            attrs = json.loads(match["attrs"]) if match["attrs"] else {}
        except ValueError:
            attrs = {}
        block = ParsedBlock(name, attrs if isinstance(attrs, dict) else {})
        if match["void"]:
            (stack[-1].inner if stack else top).append(block)
        else:
            stack.append(block)
    text(content[position:])
    while stack:  # a block never closed ends with the content
        done = stack.pop()
        (stack[-1].inner if stack else top).append(done)
    return top


def _block(block, converted):
    name = block.name
    if not name:
        _html(_classic(block.html, converted), converted)
    elif name in SILENT_BLOCKS:
        return
    elif name in CONTAINER_BLOCKS:
        if block.inner:
            for inner in block.inner:
                _block(inner, converted)
        else:
            _html(block.html, converted)
    elif name in {"core/paragraph", "core/list", "core/list-item", "core/preformatted"}:
        converted.add(Piece("text", text=block.html))
    elif name == "core/heading":
        words = _words(_fragment(block.html))
        if words:
            converted.add(Piece("heading", words=words))
    elif name == "core/image":
        _figure(_fragment(block.html), converted, attachment=block.attrs.get("id"))
    elif name == "core/gallery":
        if block.inner:
            for inner in block.inner:
                _block(inner, converted)
        else:  # the gallery of WordPress 5.0-5.8: one <figure> per image in its HTML
            ids = [i for i in block.attrs.get("ids", []) if isinstance(i, int)]
            # The innermost figures: the gallery's own <figure> holds them all.
            figures = _fragment(block.html).xpath(".//figure[not(.//figure)]")
            for position, figure in enumerate(f for f in figures if f.find(".//img") is not None):
                attachment = ids[position] if position < len(ids) else None
                _figure(figure, converted, attachment=attachment)
        _gallery_caption(block, converted)
    elif name == "core/table":
        _html(block.html, converted)
    elif name in {"core/quote", "core/pullquote"}:
        _quote(_fragment(block.html), converted)
    elif name == "core/embed" or name.startswith("core-embed/"):
        url = block.attrs.get("url") or _words(_fragment(block.html))
        _link(url, converted)
    elif name in {"core/html", "core/freeform", "core/shortcode"}:
        _html(_classic(block.html, converted), converted)
    else:
        converted.note(f"Block {name} has no Newsroom piece: its text was kept as paragraphs.")
        _html(block.html, converted)


def _gallery_caption(block, converted):
    """A gallery block's own caption (under all its photos, beside theirs): a Newsroom body has
    no gallery, so it comes after the photos as a paragraph, and the report says so."""
    for caption in _fragment(block.html).xpath("./figure/figcaption"):
        words = _words(caption)
        if words:
            converted.add(Piece("text", text=f"<p>{_inner_html(caption)}</p>"))
            converted.note(
                f"A gallery's caption, “{words[:80]}”, follows its photos as a paragraph."
            )


# --- Classic editor ----------------------------------------------------------------------

SHORTCODE = re.compile(
    r"\[(?P<escaped>\[)?(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:[^\[\]/]|/(?!\]))*)"
    r"(?:(?P<void>/)\]|\](?:(?P<inner>(?:(?!\[(?P=name)[\s\]/]).)*?)\[/(?P=name)\])?)"
    r"(?(escaped)\])",
    re.DOTALL,
)
SHORTCODE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))""")
PLACEHOLDER = "\x02{}\x03"
KNOWN_SHORTCODES = {"caption", "wp_caption", "gallery", "embed"}
PLACEHOLDER_PATTERN = re.compile("(?:<p>)?\x02(\\d+)\x03(?:</p>)?")


def shortcode_attrs(text):
    return {
        match[1].lower(): html_lib.unescape(match[2] or match[3] or match[4] or "")
        for match in SHORTCODE_ATTR.finditer(text or "")
    }


def _classic(content, converted):
    """Classic content as plain HTML: shortcodes replaced, automatic paragraphs added."""
    figures = []

    def keep(html):
        figures.append(html)
        return "\n\n" + PLACEHOLDER.format(len(figures) - 1) + "\n\n"

    def replace(match):
        if match["escaped"]:  # [[caption]] is WordPress's way to write the text "[caption]"
            return match[0][1:-1]
        name, raw_attrs = match["name"].lower(), match["attrs"] or ""
        if raw_attrs and not raw_attrs[0].isspace():
            return match[0]  # "[Update: the council voted]" is the writer's words, not a code
        if (
            name not in KNOWN_SHORTCODES
            and not raw_attrs.strip()
            and match["inner"] is None
            and not match["void"]
            and not re.search(r"[-_]", name)
        ):
            return match[0]  # "[sic]", "[laughs]": a bare bracketed word stays as written
        attrs = shortcode_attrs(raw_attrs)
        if (
            name not in KNOWN_SHORTCODES
            and not attrs
            and match["inner"] is None
            and not match["void"]
            and (not match["name"].islower() or len(raw_attrs.split()) > 1)
        ):
            # "[Figures to be checked before this goes out.]", "[Updated 14:05]": a capital or
            # a sentence, and no attribute, make it the writer's words (WordPress shows the
            # text of a shortcode no plugin registered as it is written, too).
            return match[0]
        inner = match["inner"] or ""
        if name in {"caption", "wp_caption"}:
            return keep(_caption_figure(attrs, inner))
        if name == "gallery":
            ids = [
                int(i) for i in re.findall(r"\d+", attrs.get("ids", "") or attrs.get("include", ""))
            ]
            if not ids:
                converted.note(
                    "A [gallery] without ids was left out: it showed the post's own attachments."
                )
                return ""
            return "".join(
                keep(f'<figure><img class="wp-image-{i}" src="" alt=""></figure>') for i in ids
            )
        if name == "embed":
            return keep(_link_html(inner.strip() or attrs.get("src", "")))
        if inner.strip():
            converted.note(f"Shortcode [{name}] was taken out; the text inside it was kept.")
        else:
            converted.note(f"Shortcode [{name}] was taken out (it held no text).")
        return SHORTCODE.sub(replace, inner)

    html = SHORTCODE.sub(replace, content)
    # A URL alone on its line is an embed in WordPress (oEmbed): here a link.
    html = re.sub(
        r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$",
        lambda m: keep(_link_html(m[1])),
        html,
        flags=re.MULTILINE,
    )
    html = wpautop(html)
    return PLACEHOLDER_PATTERN.sub(lambda m: figures[int(m[1])], html)


def _caption_figure(attrs, inner):
    """A ``[caption]`` as a <figure>: the caption is its ``caption`` attribute, or else the
    text after the image inside it."""
    container = _fragment(inner)
    image = container.find(".//img")
    words = attrs.get("caption", "")
    if not words:
        if image is not None:
            # The image and the link around it are the photo; the rest is the caption.
            holder = image.getparent() if image.getparent().tag == "a" else image
            if holder is not container:
                tail = holder.tail or ""
                holder.getparent().remove(holder)
                holder.tail = None
                if container.text is None:
                    container.text = tail
        words = _words(container)
    figure = lxml.html.Element("figure")
    match = ATTACHMENT_ID.match(attrs.get("id", ""))
    if match:
        figure.set("data-attachment", match[1])
    if image is not None:
        image.tail = None
        figure.append(image)
    caption = lxml.html.Element("figcaption")
    caption.text = words
    figure.append(caption)
    return lxml.html.tostring(figure, encoding="unicode")


def _link_html(url):
    escaped = html_lib.escape(url, quote=True)
    return f'<p><a href="{escaped}">{escaped}</a></p>'


ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    r"map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    r"hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
PRESERVED = re.compile(
    r"(<(pre|script|style|svg)(?:\s[^>]*)?>)(.*?)(</\2>)", re.DOTALL | re.IGNORECASE
)


def wpautop(text, br=True):
    """WordPress's automatic paragraphs (``wpautop`` of wp-includes/formatting.php): blank lines
    make paragraphs, single line breaks ``<br>``, around and inside its block-level tags as it
    does them. What is inside <pre>, <script>, <style> and <svg> is left as it is."""
    if not text.strip():
        return ""
    kept = []

    def protect(match):
        kept.append(match[3])
        return f"{match[1]}\x04{len(kept) - 1}\x04{match[4]}"

    text = PRESERVED.sub(protect, text + "\n")
    # Line breaks inside a tag (attributes on several lines) are not paragraphs.
    text = re.sub(r"<[^>]*>", lambda m: m[0].replace("\n", " "), text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(rf"(<{ALLBLOCKS}[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{ALLBLOCKS}>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<hr\s*?/?>", "<hr />\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*<option", "<option", text)
    text = re.sub(r"</option>\s*", "</option>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</?{ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    if br:
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.I
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    return re.sub("\x04(\\d+)\x04", lambda m: kept[int(m[1])], text).strip()


# --- HTML to pieces ----------------------------------------------------------------------


def _fragment(html):
    """``html`` parsed as browsers parse a fragment, inside one <div>."""
    return lxml.html.fragment_fromstring(html or "", create_parent="div")


def _words(element):
    return " ".join(element.text_content().split()) if element is not None else ""


def _html(html, converted):
    """Pieces from ``html``: read top-level element by element."""
    if not html or not html.strip():
        return
    container = _fragment(html)
    _inline_text(container.text, converted)
    for child in container:
        _element(child, converted)
        _inline_text(child.tail, converted)


def _inline_text(text, converted):
    if text and text.strip():
        converted.add(Piece("text", text=f"<p>{html_lib.escape(text.strip())}</p>"))


def _element(element, converted):
    if not isinstance(element.tag, str):  # a comment or processing instruction
        return
    tag = element.tag.lower()
    if tag in DROPPED:
        src = element.get("src", "")
        if tag == "iframe" and src.startswith(("https://", "http://")):
            converted.note(f"An embedded frame was turned into a link to {src}.")
            _link(src, converted)
        else:
            converted.note(f"Left out: <{tag}> (no such thing reaches a Newsroom page).")
        return
    if tag in HEADINGS:
        words = _words(element)
        if words:
            converted.add(Piece("heading", words=words))
    elif tag == "blockquote":
        _quote(element, converted)
    elif tag == "figure":
        if element.find(".//blockquote") is not None:
            _quote(element, converted)
        elif element.find(".//img") is not None:
            _figure(element, converted)
        else:
            _html(_inner_html(element), converted)
    elif tag == "img" or (tag in {"a", "p"} and _only_images(element)):
        for image in [element] if tag == "img" else element.iter("img"):
            _photo(image, "", converted)
    elif tag in CONTAINERS:
        _inline_text(element.text, converted)
        for child in element:
            _element(child, converted)
            _inline_text(child.tail, converted)
    elif tag == "hr":
        return
    else:
        if tag == "table":
            converted.note("A table was kept as its text: Newsroom bodies have no tables.")
        images = list(element.iter("img"))
        for image in images:  # a photo inside a paragraph of text comes after that paragraph
            image.drop_tree()
        links = []
        for dropped in [e for e in element.iter() if isinstance(e.tag, str) and e.tag in DROPPED]:
            links.append(dropped)
            dropped.drop_tree()
        if tag == "table":
            rows = [" · ".join(_words(cell) for cell in row) for row in element.iter("tr")]
            html = "".join(f"<p>{html_lib.escape(row)}</p>" for row in rows if row.strip(" ·"))
        else:
            html = lxml.html.tostring(element, encoding="unicode", with_tail=False)
        if tag not in TEXT_TAGS and tag != "li":
            html = f"<p>{html}</p>"
        converted.add(Piece("text", text=html))
        for image in images:
            _photo(image, "", converted)
        for dropped in links:
            _element(dropped, converted)


def _inner_html(element):
    parts = [html_lib.escape(element.text or "")]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in element]
    return "".join(parts)


def _only_images(element):
    """An element whose whole content is images (and links around them)."""
    if element.find(".//img") is None:
        return False
    for node in element.iter():
        if node is not element and node.tag not in {"img", "a", "br"}:
            return False
    return not _words(element)


def _figure(figure, converted, attachment=None):
    caption = figure.find(".//figcaption")
    words = _words(caption)
    if attachment is None and figure.get("data-attachment"):
        attachment = int(figure.get("data-attachment"))
    images = list(figure.iter("img"))
    if not images:
        return
    if len(images) == 1:
        _photo(images[0], words, converted, attachment=attachment)
        return
    # Several photos in one figure: a photo in a figure of its own keeps that figure's caption;
    # the caption of the whole goes under the last photo, as readers saw it below them all.
    own = {}
    for inner in figure.xpath(".//figure[not(.//figure)]"):
        inside = list(inner.iter("img"))
        if len(inside) == 1 and inner is not figure:
            own[id(inside[0])] = _words(inner.find(".//figcaption"))
    shared = " ".join(
        _words(c) for c in figure.iter("figcaption") if c.xpath("ancestor::figure[1]")[0] is figure
    )
    for image in images:
        caption = own.get(id(image), "")
        if image is images[-1] and shared:
            caption = f"{caption.rstrip('.')}. {shared}" if caption else shared
            converted.note(
                f"A caption shared by {len(images)} photos (“{shared[:60]}”) is under the last "
                "of them."
            )
        _photo(image, caption, converted, attachment=attachment)
        attachment = None  # a block's id is its first image's


def _photo(image, caption, converted, attachment=None):
    if attachment is None:
        match = ATTACHMENT_CLASS.search(image.get("class", ""))
        attachment = int(match[1]) if match else None
    src = image.get("src", "")
    if attachment is None and not src:
        return
    converted.add(
        Piece(
            "photo",
            attachment=attachment,
            src=src,
            caption=caption,
            alt=" ".join((image.get("alt") or "").split()),
        )
    )


def _quote(element, converted):
    """A quote or pull quote: its words, and its <cite> (or a closing "— Name" line) as the
    attribution."""
    cites = list(element.iter("cite"))
    attribution = " ".join(_words(cite) for cite in cites).strip()
    for cite in cites:
        cite.drop_tree()
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = list(element.iter("p")) or [element]
    paragraphs = [
        " ".join(line.split())
        for block in blocks
        for line in block.text_content().split("\n")
        if line.strip()
    ]
    if not attribution and len(paragraphs) > 1:
        last = paragraphs[-1]
        if re.match(r"^[—–-]\s*\S", last):
            attribution = last.lstrip("—–- ").strip()
            paragraphs.pop()
    attribution = attribution.lstrip("—–- ").strip()
    words = "\n\n".join(paragraphs)
    if words:
        converted.add(Piece("quote", words=words, attribution=attribution[:200]))


def _link(url, converted):
    url = (url or "").strip()
    if url.startswith(("https://", "http://")):
        converted.add(Piece("text", text=_link_html(url)))
