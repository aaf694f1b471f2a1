"""``manage.py import_wordpress``: a WordPress export brought into Newsroom, losing nothing and
saying exactly what it did.

The export is read twice, as a stream (``wxr.read``): the first pass checks the whole file (a
file that is not well-formed stops here, before anything is written) and gathers what posts
refer to (authors, Co-Authors Plus guest authors, categories, tags, attachments); the second
brings in each post and page in a transaction of its own, so a post that fails is reported and
the rest come in. Every object keeps its WordPress id (``WordPressObject``): a second run of the
same export creates nothing new, updates what changed and skips what did not.

What maps to what (README, "Moving from WordPress"):

- authors and guest authors → reporters; categories → sections (a post's first category is its
  section, ``default_section`` for a post without one); tags → topics;
- posts → articles, status kept (``publish`` published at ``post_date_gmt``, ``future``
  scheduled, ``draft``/``pending`` drafts, ``private`` a draft, reported; ``trash`` skipped,
  reported); bodies → body pieces (``articles.wordpress.body``); the featured image → the lead
  photo; attachments → photos, through the photo pipeline;
- pages → static pages; comments → comments in their threads (``comments.wordpress``, through
  the ``post_imported`` signal, since comments build on articles);
- old addresses → redirects: each post's and page's permalink as exported, ``?p=``,
  ``?page_id=``, category, tag and author archives and attachment pages.
"""

import hashlib
import html as html_lib
import json
import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import slugify

from newsroom.signals import changes_held

from ..models import (
    Article,
    Block,
    Byline,
    Page,
    Photo,
    Redirect,
    Reporter,
    Section,
    Topic,
    WordPressObject,
)
from ..pages import free_address
from ..photos.storage import atomic_files, import_photo
from ..publishing import Status, stamp
from ..reach.search import indexing_deferred
from ..richtext import clean, to_text
from . import body, wxr

logger = logging.getLogger(__name__)

# Sent inside each post's transaction once its article is saved: the comments app brings in the
# post's comments. ``item`` is the ``wxr.Item``; receivers report through ``importer.report``.
post_imported = Signal()

POST_TYPES = {"post", "page"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
SCALED_SUFFIX = re.compile(r"-(?:scaled|rotated)(?=\.[A-Za-z0-9]+$)")
NO_DATE = "0000-00-00 00:00:00"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
# Posts committed together (each in a savepoint of its own): fewer commits, one search write.
BATCH_SIZE = 100


class DryRun(Exception):
    """Raised at the end of a dry run: everything it wrote is rolled back."""


@dataclass
class Attachment:
    id: int
    url: str
    file: str  # relative to wp-content/uploads: "2024/03/flood.jpg"
    title: str = ""
    caption: str = ""
    alt: str = ""
    description: str = ""
    credit: str = ""
    parent: int = 0
    link: str = ""


@dataclass
class Report:
    """What an import did: counts by kind and outcome, and every warning with where it was."""

    counts: Counter = field(default_factory=Counter)  # (kind, outcome) -> n
    warnings: list = field(default_factory=list)  # {"where", "message"}
    dry_run: bool = False

    def count(self, kind, outcome, n=1):
        self.counts[(kind, outcome)] += n

    def warn(self, where, message):
        self.warnings.append({"where": where, "message": message})

    OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")

    def rows(self):
        kinds = sorted({kind for kind, _ in self.counts}, key=KIND_ORDER.index)
        return [(kind, *(self.counts[(kind, o)] for o in self.OUTCOMES)) for kind in kinds]

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "counts": {
                kind: dict(zip(self.OUTCOMES, numbers, strict=True))
                for kind, *numbers in self.rows()
            },
            "warnings": self.warnings,
        }

    def table(self):
        """The report as text for the terminal."""
        head = ("", *self.OUTCOMES)
        rows = [head, *[(k, *map(str, n)) for k, *n in self.rows()]]
        widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
        lines = [
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            for row in rows
        ]
        if self.warnings:
            lines += ["", f"{len(self.warnings)} warnings:"]
            lines += [f"  {w['where']}: {w['message']}" for w in self.warnings]
        else:
            lines += ["", "No warnings."]
        if self.dry_run:
            lines += ["", "Dry run: nothing was written."]
        return "\n".join(lines)


KIND_ORDER = [
    *("author", "section", "topic", "photo", "article", "page", "comment", "pingback"),
    "redirect",
]


def parse_time(gmt, local=""):
    """A WordPress time as an aware datetime: ``post_date_gmt`` is UTC; a draft's is zeros, and
    then its local ``post_date`` is read in the site's time zone. None when neither is set."""
    for value, zone in ((gmt, UTC), (local, ZoneInfo(settings.TIME_ZONE))):
        if value and value != NO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            except ValueError:
                continue
    return None


def digest(*parts):
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def item_digest(item):
    """What a post is, for telling whether it changed since the last run: not where it sits in
    the file (an edit above it moves it) nor WordPress's edit-lock bookkeeping."""
    data = asdict(item)
    data.pop("line")
    data["meta"] = {k: v for k, v in data["meta"].items() if k not in {"_edit_lock", "_edit_last"}}
    return digest(data)


def clean_slug(slug, fallback):
    """A WordPress slug as an address word here: WordPress keeps non-Latin slugs
    percent-encoded (``%d0%bf…``), which Newsroom's addresses do not take; those become the
    ``fallback`` made from the title (or the id)."""
    slug = unquote(slug or "").strip()
    if SLUG.match(slug):
        return slug.lower()
    return slugify(fallback) or ""


def php_string(serialized, key):
    """The string ``key`` holds in a PHP-serialised array (``_wp_attachment_metadata``'s
    ``image_meta``), without unserialising anything else."""
    match = re.search(rf's:{len(key)}:"{re.escape(key)}";s:(\d+):"', serialized or "")
    if not match:
        return ""
    start = match.end()
    raw = serialized.encode()[len(serialized[:start].encode()) :][: int(match[1])]
    return raw.decode(errors="replace").strip()


def plain(text):
    """HTML (a title, an excerpt) as plain text."""
    return " ".join(html_lib.unescape(to_text(clean(text or ""))).split())


def first_sentence(text):
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return match[1] if match else text


def shortened(text, limit):
    """``text`` cut to ``limit`` characters at a word, with an ellipsis; as it was when it fits."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def nicename(login):
    """The author's address word as WordPress makes it from the login (``user_nicename``,
    ``sanitize_title``): lower case, dots and spaces made dashes, only letters, digits, ``-`` and
    ``_`` kept: ``ana.lima`` is ``/author/ana-lima/``."""
    word = re.sub(r"[^a-z0-9 _-]", "", login.lower().replace(".", "-"))
    return re.sub(r"-+", "-", re.sub(r"\s+", "-", word)).strip("-")


def host(address):
    """An address's host as a site's own: ``https://www.gazette.example:443`` and
    ``http://gazette.example`` are one site (a site moved to https or to www keeps its links)."""
    name = (urlsplit(address or "").hostname or "").lower()
    return name.removeprefix("www.")


def old_path(url, base):
    """The path (and query) of ``url`` on the old site, or "" for an address elsewhere."""
    if not url:
        return ""
    parts = urlsplit(url)
    if host(url) and host(base) and host(url) != host(base):
        return ""
    path = unquote(parts.path or "/")
    return f"{path}?{unquote(parts.query)}" if parts.query else path


class Importer:
    def __init__(
        self,
        path,
        *,
        media_dir=None,
        default_section="News",
        dry_run=False,
        progress=None,
    ):
        self.path = Path(path)
        self.media_dir = Path(media_dir) if media_dir else None
        self.default_section = default_section
        self.report = Report(dry_run=dry_run)
        self.progress = progress or (lambda done, total: None)
        self.site = None
        self.authors = {}  # login -> wxr.Author
        self.guests = {}  # login -> dict of the guest author's fields
        self.categories = {}  # slug -> wxr.Term
        self.tags = {}  # slug -> wxr.Term
        self.attachments = {}  # id -> Attachment
        self.attachment_by_url = {}  # path of the file, sizes removed -> id
        self.attachments_by_parent = {}  # post id -> [Attachment] uploaded to it
        self.pending_redirects = {}  # old path -> new path, written with their post
        self.added = None  # (kind, wp id) -> the mapping before this post, while one is imported
        self.total = 0
        self.mapped = {}  # (kind, wp_id) -> WordPressObject, read once

    # --- The run ---------------------------------------------------------------------------

    def run(self):
        """Import the export; the ``Report``. A dry run does it all in one transaction that is
        rolled back at the end, files included, so its report is the real one."""
        self.scan()
        self.load_mapping()
        if not self.report.dry_run:
            self.everything()
            return self.report
        try:
            with atomic_files():
                self.everything()
                raise DryRun
        except DryRun:
            pass
        return self.report

    def everything(self):
        with changes_held():  # stored pages are retired once, not once a row
            self._everything()

    def _everything(self):
        self.people_and_terms()
        done = 0
        items = (p for p in wxr.read(self.path) if isinstance(p, wxr.Item))
        batch = []
        for part in items:
            if part.post_type not in POST_TYPES:
                continue
            batch.append(part)
            if len(batch) == BATCH_SIZE:
                done = self.batch(batch, done)
                batch = []
        self.batch(batch, done)
        with transaction.atomic():
            self.unused_attachments()
            self.archive_redirects()
            self.write_redirects()

    def batch(self, items, done):
        """Import ``items``: each post in a savepoint of its own (a post that fails is rolled
        back alone and reported), the batch committed together with its search documents, so
        an import stopped half-way leaves whole posts, each recorded, and a second run picks up
        where it stopped."""
        with transaction.atomic(), indexing_deferred():
            for item in items:
                self.item(item)
                done += 1
                self.progress(done, self.total)
        return done

    def scan(self):
        """The first pass: the whole file checked, and what posts refer to gathered."""
        for part in wxr.read(self.path):
            if isinstance(part, wxr.Site):
                self.site = part
            elif isinstance(part, wxr.Author):
                self.authors[part.login] = part
            elif isinstance(part, wxr.Term):
                if part.kind == "category":
                    self.categories[part.slug] = part
                elif part.kind == "post_tag":
                    self.tags[part.slug] = part
            elif isinstance(part, wxr.Item):
                if part.post_type in POST_TYPES:
                    self.total += 1
                elif part.post_type == "attachment":
                    self.gather_attachment(part)
                elif part.post_type == "guest-author":
                    self.gather_guest(part)
        if self.site is None:
            raise wxr.ExportError("this is not a WordPress export (no channel header).")

    @property
    def site_url(self):
        return (self.site.base_blog_url or self.site.base_site_url or self.site.link).rstrip("/")

    @property
    def site_key(self):
        """The site as its objects are remembered: its host and path, so that an export taken
        again after the site moved to https or to www finds what the first one brought in."""
        return host(self.site_url) + urlsplit(self.site_url).path.rstrip("/")

    def gather_attachment(self, item):
        url = item.attachment_url or item.guid
        file = item.meta.get("_wp_attached_file", "")
        if not file and "/wp-content/uploads/" in url:
            file = url.split("/wp-content/uploads/", 1)[1]
        metadata = item.meta.get("_wp_attachment_metadata", "")
        attachment = Attachment(
            id=item.id,
            url=url,
            file=file,
            title=plain(item.title),
            caption=plain(item.excerpt),
            alt=" ".join(item.meta.get("_wp_attachment_image_alt", "").split()),
            description=plain(item.content),
            credit=php_string(metadata, "credit") or php_string(metadata, "copyright"),
            parent=item.parent,
            link=item.link,
        )
        self.attachments[item.id] = attachment
        if item.parent:
            self.attachments_by_parent.setdefault(item.parent, []).append(attachment)
        if file:
            self.attachment_by_url[self.file_key(file)] = item.id

    @staticmethod
    def file_key(path):
        """A file's address without WordPress's size suffix: every size of one upload is one."""
        path = urlsplit(path).path.split("/wp-content/uploads/")[-1].lstrip("/")
        return SCALED_SUFFIX.sub("", SIZE_SUFFIX.sub("", path))

    def gather_guest(self, item):
        meta = item.meta
        login = meta.get("cap-user_login") or item.slug.removeprefix("cap-")
        self.guests[login] = {
            "display_name": meta.get("cap-display_name") or plain(item.title),
            "bio": meta.get("cap-description", ""),
            "email": meta.get("cap-user_email", ""),
        }

    # --- Mapping ---------------------------------------------------------------------------

    def load_mapping(self):
        rows = WordPressObject.objects.filter(site=self.site_key)
        self.mapped = {(row.kind, row.wp_id): row for row in rows}

    def existing(self, kind, wp_id, model):
        row = self.mapped.get((kind, wp_id))
        if row is None:
            return None, None
        return model.objects.filter(pk=row.object_id).first(), row

    def remember(self, kind, wp_id, obj, stamp_digest=""):
        """Record that WordPress object ``wp_id`` became ``obj`` (one upsert; none when it is
        recorded so already)."""
        row = self.mapped.get((kind, wp_id))
        if row is not None and row.object_id == obj.pk and row.digest == stamp_digest:
            return row
        row = WordPressObject(
            site=self.site_key, kind=kind, wp_id=wp_id, object_id=obj.pk, digest=stamp_digest
        )
        WordPressObject.objects.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["site", "kind", "wp_id"],
            update_fields=["object_id", "digest", "imported_at"],
        )
        if self.added is not None and (kind, wp_id) not in self.added:
            self.added[(kind, wp_id)] = self.mapped.get((kind, wp_id))
        self.mapped[(kind, wp_id)] = row
        return row

    # --- Authors, sections, topics ---------------------------------------------------------

    def people_and_terms(self):
        self.reporters = {}
        for login, author in self.authors.items():
            guest = self.guests.get(login, {})
            name = author.display_name or " ".join(
                n for n in (author.first_name, author.last_name) if n
            )
            self.reporters[login] = self.reporter(
                author.id or self.pseudo_id(login), login, name or login, guest.get("bio", "")
            )
        for login, guest in self.guests.items():
            if login not in self.reporters:
                self.reporters[login] = self.reporter(
                    self.pseudo_id(f"guest:{login}"), login, guest["display_name"], guest["bio"]
                )
        self.sections = {}
        for slug, term in self.categories.items():
            self.sections[slug] = self.section(term)

    @staticmethod
    def pseudo_id(text):
        """A stable id for something the export names without one (a guest author)."""
        return -int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)

    def reporter(self, wp_id, login, name, bio):
        reporter, _ = self.existing("author", wp_id, Reporter)
        fields = {"name": name[:120], "bio": plain(bio)}
        if reporter is None:
            reporter = Reporter.objects.filter(slug=nicename(login)[:120]).first()
            if (
                reporter is not None
                and not WordPressObject.objects.filter(
                    kind="author", object_id=reporter.pk
                ).exists()
            ):
                # The newsroom already has this reporter (set up by hand): the same person.
                self.report.count("author", "unchanged")
                self.remember("author", wp_id, reporter)
                return reporter
            reporter = Reporter(slug=self.free_slug(Reporter, nicename(login) or "reporter", 120))
            for key, value in fields.items():
                setattr(reporter, key, value)
            reporter.save()
            self.report.count("author", "created")
        elif any(getattr(reporter, k) != v for k, v in fields.items() if v):
            for key, value in fields.items():
                if value:
                    setattr(reporter, key, value)
            reporter.save()
            self.report.count("author", "updated")
        else:
            self.report.count("author", "unchanged")
        self.remember("author", wp_id, reporter)
        return reporter

    def section(self, term):
        wp_id = term.id or self.pseudo_id(f"category:{term.slug}")
        section, _ = self.existing("category", wp_id, Section)
        name = plain(term.name)[:80] or term.slug
        if section is None:
            section = (
                Section.objects.filter(slug=term.slug[:80]).first()
                or Section.objects.filter(name=name).first()
            )
            if section is None:
                section = Section.objects.create(
                    name=name,
                    slug=self.free_slug(Section, clean_slug(term.slug, name) or "section", 80),
                    description=plain(term.description),
                )
                self.report.count("section", "created")
            else:
                self.report.count("section", "unchanged")
        elif section.name != name or section.description != plain(term.description):
            section.name, section.description = name, plain(term.description)
            section.save()
            self.report.count("section", "updated")
        else:
            self.report.count("section", "unchanged")
        self.remember("category", wp_id, section)
        return section

    def section_for(self, item):
        for taxonomy, slug, name in item.terms:
            if taxonomy == "category":
                if slug not in self.sections:
                    self.sections[slug] = self.section(wxr.Term("category", None, slug, name))
                return self.sections[slug]
        section = Section.objects.filter(name=self.default_section).first()
        if section is None:
            section = Section.objects.create(
                name=self.default_section,
                slug=self.free_slug(Section, slugify(self.default_section) or "news", 80),
            )
            self.report.count("section", "created")
        self.report.warn(self.where(item), f'no category: put in "{self.default_section}".')
        return section

    def topics_for(self, item):
        topics = []
        for taxonomy, slug, name in item.terms:
            if taxonomy != "post_tag":
                continue
            term = self.tags.get(slug) or wxr.Term("post_tag", None, slug, name)
            wp_id = term.id or self.pseudo_id(f"tag:{slug}")
            topic, _ = self.existing("tag", wp_id, Topic)
            if topic is None:
                topic = Topic.objects.filter(slug=slug).first()
                if topic is None:
                    topic = Topic.objects.create(
                        name=self.free_name(Topic, plain(term.name) or slug),
                        slug=self.free_slug(Topic, clean_slug(slug, term.name) or "topic"),
                    )
                    self.report.count("topic", "created")
                self.remember("tag", wp_id, topic)
            topics.append(topic)
        return topics

    @staticmethod
    def free_slug(model, slug, length=None):
        length = length or model._meta.get_field("slug").max_length
        slug = (slug or "item")[:length]
        candidate, n = slug, 2
        while model.objects.filter(slug=candidate).exists():
            suffix = f"-{n}"
            candidate, n = slug[: length - len(suffix)] + suffix, n + 1
        return candidate

    @staticmethod
    def free_name(model, name, length=None):
        length = length or model._meta.get_field("name").max_length
        candidate, n = name[:length], 2
        while model.objects.filter(name=candidate).exists():
            suffix = f" ({n})"
            candidate, n = name[: length - len(suffix)] + suffix, n + 1
        return candidate

    # --- Posts and pages -------------------------------------------------------------------

    def where(self, item):
        kind = "page" if item.post_type == "page" else "post"
        return f"{kind} {item.id} “{plain(item.title)[:60]}” (line {item.line})"

    def item(self, item):
        if item.status == "trash":
            self.report.count(item.post_type == "page" and "page" or "article", "skipped")
            self.report.warn(self.where(item), "in the trash: not imported.")
            return
        if item.status in {"auto-draft", "inherit"}:
            return
        self.added = {}  # what remember() records for this post, undone if it fails
        try:
            # The post, its photos, comments and redirects, or nothing.
            with atomic_files():
                if item.post_type == "page":
                    self.page(item)
                else:
                    self.post(item)
                self.write_redirects()
        except Exception as error:  # reported; the next post comes in all the same
            for key, before in self.added.items():  # rolled back with the post's rows
                if before is None:
                    self.mapped.pop(key, None)
                else:
                    self.mapped[key] = before
            self.pending_redirects = {}
            for attachment in self.attachments.values():
                if getattr(attachment, "refused", None) and attachment.parent == item.id:
                    attachment.refused = None
            kind = "page" if item.post_type == "page" else "article"
            self.report.count(kind, "failed")
            message = "; ".join(getattr(error, "messages", None) or [str(error)])
            self.report.warn(self.where(item), f"not imported: {message}")
            logger.warning("WordPress post %s not imported: %s", item.id, message, exc_info=True)

    def post(self, item):
        article, row = self.existing("post", item.id, Article)
        converted = body.convert(item.content)
        photo_warnings = []
        pieces = self.pieces(item, converted, photo_warnings)
        lead = self.featured(item, photo_warnings)
        # A photo left out (its file missing) is part of what the post came in as: once the file
        # is there, the next run sees a change and brings the photo in.
        stamp_digest = digest(item_digest(item), photo_warnings)
        repeated = [p for p in pieces if lead is not None and p.get("photo") == lead]
        if repeated:
            # WordPress themes show the featured image above the post, and many posts repeat it
            # in the body: Newsroom shows it once, as the lead photo.
            pieces = [p for p in pieces if p not in repeated]
            captions = [p["caption"] for p in repeated if p.get("caption")]
            note = "the featured image was also in the body: it shows once, as the lead photo"
            if captions:
                note += f" (its caption there, “{captions[0][:80]}”, is not shown)"
            notes_after = [note + "."]
        else:
            notes_after = []
        if article is not None and row.digest and row.digest == stamp_digest:
            self.report.count("article", "unchanged")
            for warning in photo_warnings:  # still missing: still reported
                self.report.warn(self.where(item), warning)
            post_imported.send(
                Importer, importer=self, item=item, article=article, changed=False, created=False
            )
            return
        created = article is None
        if created:
            wanted = clean_slug(item.slug, item.title) or f"post-{item.id}"
            article = Article(slug=self.free_slug(Article, wanted, 200))
            if item.slug and article.slug != unquote(item.slug).lower():
                self.report.warn(self.where(item), f"address taken: its slug is {article.slug}.")
        article.headline = self.fitted(item, "title", plain(item.title), 200) or "(untitled)"
        standfirst = plain(item.excerpt)
        if not standfirst:
            words = " ".join(to_text(p.text) for p in converted.pieces if p.kind == "text")
            standfirst = first_sentence(" ".join(words.split()))
            if standfirst:
                self.report.warn(
                    self.where(item), "no excerpt: the standfirst is the first sentence."
                )
        article.standfirst = self.fitted(item, "standfirst", standfirst, 600)
        article.section = self.section_for(item)
        article.lead_photo = lead
        self.publication(item, article)
        article.save()
        bylines = self.byline(item)
        if not created:
            Byline.objects.filter(article=article).delete()
            Block.objects.filter(article=article).delete()
        Byline.objects.bulk_create(
            [Byline(article=article, reporter=r, position=n) for n, r in enumerate(bylines)]
        )
        Block.objects.bulk_create(
            [
                Block(article=article, position=n, **fields)
                for n, fields in enumerate(pieces, start=1)
            ]
        )
        article.topics.set(self.topics_for(item))
        for note in converted.notes:
            self.report.warn(self.where(item), note)
        for warning in photo_warnings:
            self.report.warn(self.where(item), warning)
        # Readers see "Updated" when a story changed after it went out: an import is not a change
        # (the export has no time of the last edit), so the story was last updated when published.
        Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at)
        for note in notes_after:
            self.report.warn(self.where(item), note)
        self.remember("post", item.id, article, stamp_digest)
        self.report.count("article", "created" if created else "updated")
        if article.status == Status.PUBLISHED:  # a draft never had a public address
            self.post_redirects(item, article.get_absolute_url())
        post_imported.send(
            Importer, importer=self, item=item, article=article, changed=True, created=created
        )

    def fitted(self, item, what, text, limit):
        """``text`` within ``limit`` characters; when it had to be cut, the report says so and
        keeps the whole, for an editor to shorten by hand."""
        short = shortened(text, limit)
        if short != text:
            self.report.warn(
                self.where(item),
                f"its {what} is {len(text)} characters, longer than Newsroom's {limit}: cut to "
                f"“{short[-40:]}”. The whole {what}: “{text}”",
            )
        return short

    def publication(self, item, article):
        at = parse_time(item.date_gmt, item.date)
        if item.password and item.status in {"publish", "future"}:
            article.status = Status.DRAFT
            if at is not None:
                article.publish_at = at
            self.report.warn(
                self.where(item),
                "password-protected on WordPress: imported as a draft (Newsroom has no "
                "passwords on stories).",
            )
        elif item.status == "publish":
            stamp(article, at=at or timezone.now())
        elif item.status == "future":
            stamp(article, at=at or timezone.now())
            if at is not None and at <= timezone.now():
                self.report.warn(self.where(item), "its scheduled time has passed: published.")
        else:
            article.status = Status.DRAFT
            if at is not None:
                article.publish_at = at
            if item.status == "private":
                self.report.warn(self.where(item), "private on WordPress: imported as a draft.")

    def byline(self, item):
        logins = [name for taxonomy, _, name in item.terms if taxonomy == "author"]
        logins = [login for login in (logins or [item.creator]) if login]
        if not logins:
            self.report.warn(self.where(item), "no author: its byline is empty.")
        reporters = []
        for login in logins:
            reporter = self.reporters.get(login)
            if reporter is None:
                reporter = self.reporter(self.pseudo_id(f"login:{login}"), login, login, "")
                self.reporters[login] = reporter
            if reporter not in reporters:
                reporters.append(reporter)
        return reporters

    def pieces(self, item, converted, warnings):
        fields = []
        for piece in converted.pieces:
            if piece.kind == "text":
                fields.append({"kind": "text", "text": piece.text})
            elif piece.kind in {"heading", "quote"}:
                fields.append(
                    {"kind": piece.kind, "words": piece.words, "attribution": piece.attribution}
                )
            elif piece.kind == "photo":
                attachment_id = piece.attachment
                if attachment_id not in self.attachments and piece.src:
                    attachment_id = (
                        self.attachment_by_url.get(self.file_key(piece.src)) or attachment_id
                    )
                photo = self.photo(attachment_id, warnings, src=piece.src, alt=piece.alt)
                if photo is None:
                    if piece.caption:
                        warnings.append(f"its caption “{piece.caption[:60]}” went with it.")
                    continue
                caption = piece.caption if piece.caption != photo.caption else ""
                fields.append({"kind": "photo", "photo": photo, "caption": caption})
        return fields

    def featured(self, item, warnings):
        thumbnail = item.meta.get("_thumbnail_id", "")
        if not thumbnail.strip().isdigit():
            return None
        return self.photo(int(thumbnail), warnings)

    # --- Photos ----------------------------------------------------------------------------

    def photo(self, attachment_id, warnings, src="", alt=""):
        """The photo attachment ``attachment_id`` became, imported now if it has not been; None
        (with a warning) when its file is missing or refused."""
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            label = f"attachment {attachment_id}" if attachment_id else src
            warnings.append(f"photo {label} is not in the export: left out.")
            return None
        photo, row = self.existing("attachment", attachment.id, Photo)
        wanted = self.photo_fields(attachment, alt)
        if photo is not None:
            changed = {k: v for k, v in wanted.items() if getattr(photo, k) != v}
            if changed and row.digest != digest(wanted):
                for key, value in changed.items():
                    setattr(photo, key, value)
                photo.save()
                self.remember("attachment", attachment.id, photo, digest(wanted))
                self.report.count("photo", "updated")
            return photo
        if getattr(attachment, "refused", None):
            warnings.append(attachment.refused)
            return None
        path = self.media_dir / attachment.file if self.media_dir and attachment.file else None
        if path is None or not path.is_file():
            where = f"in {self.media_dir}" if self.media_dir else "(no --media-dir given)"
            attachment.refused = (
                f"photo {attachment.file or attachment.url} not found {where}: left out."
            )
            warnings.append(attachment.refused)
            self.report.count("photo", "skipped")
            return None
        try:
            photo = import_photo(path.read_bytes(), path.name, **wanted)
        except ValidationError as error:
            attachment.refused = (
                f"photo {attachment.file} refused: {' '.join(error.messages)} Left out."
            )
            warnings.append(attachment.refused)
            self.report.count("photo", "skipped")
            return None
        if not attachment.alt and not alt:
            self.report.warn(
                f"attachment {attachment.id} ({attachment.file})",
                "no alt text: its title was used. Describe the photo in the admin.",
            )
        self.remember("attachment", attachment.id, photo, digest(wanted))
        self.report.count("photo", "created")
        return photo

    @staticmethod
    def photo_fields(attachment, alt=""):
        caption = attachment.caption or attachment.description
        return {
            "alt_text": (attachment.alt or alt or attachment.title or caption or "Photo")[:300],
            "caption": caption,
            "credit": attachment.credit[:200],
        }

    def unused_attachments(self):
        """Photos no post used: still the newsroom's, brought into its photo library."""
        for attachment in self.attachments.values():
            if Path(attachment.file).suffix.lower() not in IMAGE_EXTENSIONS:
                continue
            if ("attachment", attachment.id) in self.mapped or getattr(attachment, "refused", None):
                continue
            warnings = []
            try:
                with atomic_files():
                    self.photo(attachment.id, warnings)
            except Exception as error:  # a corrupt file: reported, the rest come in
                warnings.append(f"photo {attachment.file} not imported: {error}")
                logger.warning("Attachment %s not imported", attachment.id, exc_info=True)
            for warning in warnings:
                self.report.warn(f"attachment {attachment.id}", warning)

    # --- Pages -----------------------------------------------------------------------------

    def page(self, item):
        page, row = self.existing("page", item.id, Page)
        stamp_digest = item_digest(item)
        if page is not None and row.digest == stamp_digest:
            self.report.count("page", "unchanged")
            return
        converted = body.convert(item.content)
        parts = []
        for piece in converted.pieces:
            if piece.kind == "text":
                parts.append(piece.text)
            elif piece.kind == "heading":
                parts.append(f"<p><strong>{html_lib.escape(piece.words)}</strong></p>")
            elif piece.kind == "quote":
                words = html_lib.escape(piece.words)
                who = f" ({html_lib.escape(piece.attribution)})" if piece.attribution else ""
                parts.append(f"<p><em>{words}</em>{who}</p>")
            else:
                self.report.warn(self.where(item), "a photo on a page was left out.")
        created = page is None
        if created:
            wanted = item.slug or slugify(item.title)
            # Linked from the footer, in WordPress's page order, as the old site's menu linked
            # them; an editor takes a page out of the footer in the admin.
            page = Page(
                slug=self.free_slug(Page, free_address(wanted[:80])),
                in_footer=item.status == "publish",
                footer_order=max(0, min(item.menu_order, 32767)),
            )
            if page.slug != wanted:
                self.report.warn(self.where(item), f"its address is taken: it is /{page.slug}/.")
        page.title = self.fitted(item, "title", plain(item.title), 200) or "(untitled)"
        page.body = "".join(parts)
        page.published = item.status == "publish"
        page.save()
        for note in converted.notes:
            self.report.warn(self.where(item), note)
        self.remember("page", item.id, page, stamp_digest)
        self.report.count("page", "created" if created else "updated")
        if page.published:  # a draft never had a public address
            self.redirect(old_path(item.link, self.site_url), page.get_absolute_url())
            self.redirect(f"/?page_id={item.id}", page.get_absolute_url())

    # --- Old addresses ---------------------------------------------------------------------

    def post_redirects(self, item, new_path):
        self.redirect(old_path(item.link, self.site_url), new_path)
        self.redirect(f"/?p={item.id}", new_path)
        # Attachment pages (/2024/03/04/storm/flood/, ?attachment_id=12) go to the story the
        # photo was uploaded to.
        for attachment in self.attachments_by_parent.get(item.id, []):
            self.redirect(old_path(attachment.link, self.site_url), new_path)
            self.redirect(f"/?attachment_id={attachment.id}", new_path)

    def archive_redirects(self):
        for slug, section in self.sections.items():
            term = self.categories.get(slug)
            path = [slug]
            while term is not None and term.parent and term.parent in self.categories:
                term = self.categories[term.parent]
                path.insert(0, term.slug)
                if len(path) > 10:
                    break
            target = section.get_absolute_url()
            self.redirect(f"/category/{'/'.join(path)}/", target)
            if self.categories.get(slug) and self.categories[slug].id:
                self.redirect(f"/?cat={self.categories[slug].id}", target)
        for login, reporter in getattr(self, "reporters", {}).items():
            target = reporter.get_absolute_url()
            self.redirect(f"/author/{nicename(login) or login}/", target)
            author = self.authors.get(login)
            if author and author.id:
                self.redirect(f"/?author={author.id}", target)
        for slug, _term in self.tags.items():
            topic = Topic.objects.filter(slug=slug).first()
            if topic is not None:
                self.redirect(f"/tag/{slug}/", topic.get_absolute_url())
                self.redirect(f"/?tag={slug}", topic.get_absolute_url())

    def redirect(self, old, new):
        """Have ``old`` (a path on the old site) answer 301 to ``new``; written by
        ``write_redirects``, with the post's other rows."""
        if not old or not new or old == new or old == "/":
            return
        self.pending_redirects[old[:500]] = new

    def write_redirects(self):
        pending, self.pending_redirects = self.pending_redirects, {}
        if not pending:
            return
        stored = dict(
            Redirect.objects.filter(old_path__in=pending).values_list("old_path", "new_path")
        )
        changed = {old: new for old, new in pending.items() if stored.get(old) != new}
        note = f"WordPress: {self.site_url}"[:200]
        Redirect.objects.bulk_create(
            [Redirect(old_path=old, new_path=new, note=note) for old, new in changed.items()],
            update_conflicts=True,
            unique_fields=["old_path"],
            update_fields=["new_path", "note"],
        )
        created = sum(1 for old in changed if old not in stored)
        self.report.count("redirect", "created", created)
        self.report.count("redirect", "updated", len(changed) - created)
        self.report.count("redirect", "unchanged", len(pending) - len(changed))
