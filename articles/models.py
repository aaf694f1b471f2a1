"""The newsroom's data: sections, topics, reporters, photos and articles with their bodies (and
the static pages, ``articles.pages``)."""

from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Exists, Lookup, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from .pages import Page  # noqa: F401  (static pages, in their own module)
from .photos.renditions import original_name, plan_for
from .publishing import Publication, PublicationQuerySet
from .richtext import RichTextField


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the section's web address."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in the navigation from low to high."
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the section page."
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section-detail", kwargs={"slug": self.slug})


class Topic(models.Model):
    """What a story is about, across sections ("Flooding", "River wall"): an article has any
    number of them, and each has a page and feeds of its published stories."""

    name = models.CharField(
        max_length=80, unique=True, help_text='As readers see it, e.g. "Flooding".'
    )
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the topic's web address."
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the topic page."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic-detail", kwargs={"slug": self.slug})


def photo_upload_to(instance, filename):
    """A server-made name under a dated folder: the uploader's file name is never used."""
    suffix = PurePosixPath(filename).suffix.lower()
    return original_name(suffix if suffix in {".jpg", ".png"} else ".jpg")


class Photo(models.Model):
    # Written only by articles.photos.storage (checked, re-encoded, under a server-made name); the
    # admin form hands the upload to it instead of saving it here.
    image = models.ImageField(upload_to=photo_upload_to, max_length=200)
    caption = models.TextField(
        blank=True, help_text="Shown under the photo. Say who, what and where."
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text='Photographer and agency, e.g. "Sam Lee/Northern Pictures".',
    )
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        help_text="Describes the photo for readers who cannot see it. Required.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    focal_x = models.FloatField(
        "focal point across",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the left edge, 1 the right. Crops for teasers and portraits keep it.",
    )
    focal_y = models.FloatField(
        "focal point down",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the top edge, 1 the bottom.",
    )
    # The rendition set that is complete for the current image and focal point (see
    # articles.photos.renditions.rendition_plan); pages fall back to the original until it
    # matches.
    renditions_digest = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]
        get_latest_by = "uploaded_at"
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="photo_alt_text_required"),
            models.CheckConstraint(
                condition=(Q(focal_x__isnull=True) & Q(focal_y__isnull=True))
                | (
                    Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1)
                    & Q(focal_x__isnull=False, focal_y__isnull=False)
                ),
                name="photo_focal_point_inside",
            ),
        ]

    def __str__(self):
        return self.caption[:80] or self.alt_text[:80]

    @property
    def rendition_plan(self):
        """The photo's renditions, computed from this row (no query); ``None`` until they
        have all been made for the current image and focal point."""
        plan = plan_for(self)
        return plan if plan.digest and plan.digest == self.renditions_digest else None


class Rendition(models.Model):
    """One file made from a photo: a width of the whole photo or of a crop, in one format.
    Public pages never query these rows (names are computed); they record what is stored."""

    class Crop(models.TextChoices):
        FULL = "full", "Whole photo"
        WIDE = "16:9", "16:9 (teasers)"
        SQUARE = "1:1", "1:1 (portraits)"

    class Format(models.TextChoices):
        AVIF = "avif", "AVIF"
        JPEG = "jpeg", "JPEG"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    crop = models.CharField(max_length=8, choices=Crop.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=8, choices=Format.choices)
    file = models.FileField(max_length=255, unique=True)
    size = models.PositiveIntegerField("bytes")

    class Meta:
        ordering = ["photo", "crop", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "crop", "format", "width"], name="rendition_unique_size"
            ),
        ]

    def __str__(self):
        return f"{self.get_crop_display()} {self.width}×{self.height} {self.get_format_display()}"


class RetiredFile(models.Model):
    """A file a photo no longer shows but whose address went out: the original a new file
    replaced and that original's renditions, or the crops a moved focal point replaced.

    The rule: a photo's files are kept for as long as the photo exists and are deleted with it
    (``articles.photos.storage.delete_photo``), which the database allows only once no article,
    body block or reporter uses the photo. Every file name is served as immutable for a year, so
    published pages, feeds, social cards, readers' caches and CDNs may hold any of them long
    after the photo changed; the newsroom cannot know what they still hold, and a few kept files
    cost far less than broken pictures on pages already out."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="retired_files")
    name = models.CharField(max_length=255, unique=True)
    retired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["photo", "retired_at", "name"]

    def __str__(self):
        return self.name


class Reporter(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(
        max_length=120,
        blank=True,
        help_text='Shown after the name in bylines, e.g. "News Reporter".',
    )
    bio = models.TextField(blank=True, help_text="A few sentences for the reporter's page.")
    portrait = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="portrait_of"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporter",
        help_text="The staff login this reporter uses, if any.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive reporters keep their page but are not offered for bylines.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:reporter-detail", kwargs={"slug": self.slug})


class ArticleQuerySet(PublicationQuerySet):
    """Articles: ``published()`` and ``scheduled()`` come from ``articles.publishing``."""

    def owned_by(self, user):
        """The stories that are ``user``'s own: the ones they started (``created_by``) and the
        ones whose byline names the reporter whose login they are (``Reporter.user``). A
        reporter edits only these, and only while they are drafts (``articles.roles``)."""
        in_byline = Byline.objects.filter(article=OuterRef("pk"), reporter__user=user)
        return self.filter(Q(created_by=user) | Exists(in_byline))

    def needing_review(self):
        """Stories submitted for review that no editor has sent back or published yet."""
        return self.filter(Exists(ReviewRequest.objects.pending().filter(article=OuterRef("pk"))))

    def sent_back(self):
        """Drafts whose last round of review ended with an editor sending them back."""
        latest = (
            ReviewRequest.objects.filter(article=OuterRef("pk"))
            .order_by("-submitted_at", "-id")
            .values("outcome")[:1]
        )
        return self.annotate(last_review=Subquery(latest)).filter(
            last_review=ReviewRequest.Outcome.SENT_BACK, status="draft"
        )

    def for_listing(self):
        """What a list of teasers shows: section, lead photo and byline, in three queries."""
        return self.select_related("section", "lead_photo").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("reporter"))
        )

    def related_to(self, article, count):
        """The newest ``count`` articles in ``article``'s section or by one of its reporters,
        without ``article`` itself: one query, whose two halves each read their own index.
        Uses ``article``'s prefetched byline."""
        reporter_ids = [byline.reporter_id for byline in article.bylines.all()]
        others = self.exclude(pk=article.pk).order_by("-publish_at", "-pk").values("pk")
        same_section = others.filter(section_id=article.section_id)[:count]
        same_reporter = others.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), reporter_id__in=reporter_ids))
        )[:count]
        if connection.features.supports_slicing_ordering_in_compound:
            # PostgreSQL: a UNION of the two lets the planner look each article up by its key.
            related = self.filter(pk__in=same_section.union(same_reporter, all=True))
        else:
            related = self.filter(Q(pk__in=same_section) | Q(pk__in=same_reporter))
        newest = related.select_related("section", "lead_photo").order_by("-publish_at", "-pk")
        return newest[:count]


class Article(Publication):
    """A story: its status, publish time and first-published time come from ``Publication``
    (``articles.publishing``), which also holds every write that publishes or unpublishes it."""

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The article's web address. Keep it once published."
    )
    standfirst = models.TextField(
        max_length=600, help_text="The summary under the headline: one or two sentences."
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    reporters = models.ManyToManyField(
        Reporter, through="Byline", related_name="articles", blank=True
    )
    lead_photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_of"
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="articles",
        help_text="What the story is about: readers follow a topic's page and feed across "
        "sections. Type to find a topic; + adds a new one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)
    comments_open = models.BooleanField(
        default=True, help_text="Readers may leave comments under this article."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who started the story in the admin: it is theirs to edit while a draft.",
    )
    # Live coverage (``articles.live``): started and ended by an editor, never typed in the form.
    live_started_at = models.DateTimeField(
        "live coverage started", null=True, blank=True, editable=False
    )
    live_ended_at = models.DateTimeField(
        "live coverage ended", null=True, blank=True, editable=False
    )
    live_summary = models.TextField(
        "summary of the coverage",
        blank=True,
        editable=False,
        help_text="What happened, written by the editor who ended the coverage.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        get_latest_by = "publish_at"
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_published_idx"),
            models.Index(fields=["section", "status", "-publish_at"], name="article_section_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="article_status_valid"
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:article-detail", kwargs={"slug": self.slug})

    @property
    def was_updated(self):
        """Whether readers should see an "Updated" time."""
        threshold = timedelta(minutes=settings.NEWSROOM_UPDATED_AFTER_MINUTES)
        return self.updated_at - self.publish_at > threshold

    @property
    def has_live_coverage(self):
        """Whether the story carries live updates (running or ended)."""
        return self.live_started_at is not None

    @property
    def is_live(self):
        """Whether the coverage is running: the "Live" badge, and new updates may be posted."""
        return self.live_started_at is not None and self.live_ended_at is None

    @property
    def byline(self):
        """Bylines in order. Uses the prefetched rows when the queryset prefetched them."""
        return list(self.bylines.all())


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    reporter = models.ForeignKey(Reporter, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "reporter"], name="byline_unique_reporter"),
        ]
        indexes = [models.Index(fields=["reporter", "article"], name="byline_reporter_idx")]

    def __str__(self):
        return str(self.reporter)


class BodyPiece(models.Model):
    """One piece of a body, in order: text, a subheading, a photo or a pull quote. A story's
    body is made of ``Block`` rows, a live update's of ``UpdateBlock`` rows: the same fields,
    the same editor (``articles.forms.BlockForm``, the admin's body inline) and the same small
    templates for each kind."""

    class Kind(models.TextChoices):
        TEXT = "text", "Paragraphs"
        HEADING = "heading", "Subheading"
        PHOTO = "photo", "Photo"
        QUOTE = "quote", "Pull quote"

    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    text = RichTextField(
        blank=True,
        help_text="Paragraphs, lists, links, bold and italics. Pasted text keeps just those.",
    )
    words = models.TextField(
        blank=True,
        help_text="Plain words, shown exactly as typed.",
    )
    # ``photo``: a ForeignKey to Photo in each kind of body (its own name for the photo's uses).
    caption = models.TextField(
        blank=True, help_text="Replaces the photo's own caption in this article."
    )
    attribution = models.CharField(
        max_length=200, blank=True, help_text="Who said it, as it should read under the quote."
    )

    class Meta:
        abstract = True
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["text", "heading", "photo", "quote"]),
                name="%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="photo") | Q(photo__isnull=False),
                name="%(class)s_photo_has_photo",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.position}"

    @property
    def template_name(self):
        """How the piece shows on the article page: one small template per kind."""
        return f"articles/pieces/{self.kind}.html"

    @property
    def feed_template_name(self):
        """How the piece shows in a full-text feed item (plain HTML for feed readers)."""
        return f"articles/pieces/feed/{self.kind}.html"

    @property
    def shown_caption(self):
        return self.caption or (self.photo.caption if self.photo else "")


class Block(BodyPiece):
    """One piece of an article's body."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="blocks")
    photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="blocks"
    )

    class Meta(BodyPiece.Meta):
        pass


class SearchVectorColumn(models.TextField):
    """A PostgreSQL ``tsvector`` column; plain text (left empty) on other databases, which
    search the words of ``SearchDocument`` directly instead."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)


@SearchVectorColumn.register_lookup
class Matches(Lookup):
    """``vector__matches=SearchQuery(...)``: PostgreSQL's ``@@``, which the GIN index serves."""

    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}", (*lhs_params, *rhs_params)


class SearchDocument(models.Model):
    """The words search looks through for one article, as plain text, with (on PostgreSQL) their
    weighted ``tsvector``. Derived data: ``articles.reach.search`` rebuilds it whenever the article,
    its body, its byline, its topics, its section's name or a reporter's or topic's name changes."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    headline = models.TextField()
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    section_name = models.TextField(blank=True)
    reporter_names = models.TextField(blank=True)
    topic_names = models.TextField(blank=True)
    vector = SearchVectorColumn(null=True, editable=False)

    def __str__(self):
        return self.headline


def desk_member():
    """Who on the desk did a thing: kept empty rather than lost when the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class SetByDesk(models.Model):
    """A decision of the desk, with who made it and when."""

    set_by = desk_member()
    set_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True


class FrontPageSlotQuerySet(models.QuerySet):
    def in_force(self):
        """Slots whose pin has not run out. (Whether their article shows is the publication
        rule's business: ``articles.frontpage.pinned_articles``.)"""
        return self.filter(Q(pinned_until__isnull=True) | Q(pinned_until__gt=timezone.now()))


class FrontPageSlot(SetByDesk):
    """A story an editor put at a place at the top of the front page (1 is the lead). Written
    only by ``articles.frontpage`` (``pin``, ``unpin``)."""

    position = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(1)],
        help_text="1 is the lead story, 2 the next one down, and so on.",
    )
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="front_slot")
    pinned_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="After this time the story goes back among the newest. Empty: until moved.",
    )

    objects = FrontPageSlotQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        verbose_name = "front page slot"
        verbose_name_plural = "front page"
        constraints = [
            models.CheckConstraint(condition=Q(position__gte=1), name="front_slot_position_1_up"),
        ]

    def __str__(self):
        return f"{self.position}. {self.article}"

    @property
    def has_expired(self):
        return self.pinned_until is not None and self.pinned_until <= timezone.now()


class BreakingNewsQuerySet(models.QuerySet):
    def current(self):
        """Banners neither cleared nor run out (their article may still have to go live)."""
        return self.filter(cleared_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class BreakingNews(SetByDesk):
    """The site-wide "Breaking" banner on one story. Every banner ever set is kept, with who
    set it; the newest one not cleared shows. Written only by ``articles.frontpage``
    (``mark_breaking``, ``clear_breaking``)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="breaking_news")
    label = models.CharField(
        max_length=30,
        blank=True,
        help_text='The word before the headline in the banner; empty for "Breaking".',
    )
    expires_at = models.DateTimeField(
        "shown until",
        null=True,
        blank=True,
        help_text="The banner goes by itself at this time. Empty: until cleared.",
    )
    cleared_at = models.DateTimeField(null=True, blank=True, editable=False)
    cleared_by = desk_member()

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-id"]
        get_latest_by = "set_at"
        verbose_name = "Breaking banner"
        verbose_name_plural = "Breaking banners"
        indexes = [models.Index(fields=["cleared_at", "-set_at"], name="breaking_current_idx")]

    def __str__(self):
        return f"{self.banner_label}: {self.article}"

    @property
    def banner_label(self):
        return self.label or "Breaking"


class ReviewRequestQuerySet(models.QuerySet):
    def pending(self):
        """Requests still waiting for an editor."""
        return self.filter(outcome=ReviewRequest.Outcome.PENDING)

    def close_as_published(self, by):
        """Close the pending requests: the story was published (or scheduled) by ``by``
        (``articles.publishing.publish``)."""
        return self.pending().update(
            outcome=ReviewRequest.Outcome.PUBLISHED, decided_by=by, decided_at=timezone.now()
        )


class ReviewRequest(models.Model):
    """One round of review: who submitted the story and when, then which editor sent it back
    (with the note the reporter reads) or published it, and when. Rows are never deleted: a
    story's requests are its review history. Written only by ``articles.review`` (and closed by
    ``articles.publishing.publish``)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Needs review"
        SENT_BACK = "sent_back", "Sent back"
        PUBLISHED = "published", "Published"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_requests")
    submitted_by = desk_member()
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_by = desk_member()
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.TextField(blank=True, help_text="Why the editor sent the story back.")

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        get_latest_by = "submitted_at"
        indexes = [models.Index(fields=["outcome", "submitted_at"], name="review_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["pending", "sent_back", "published"]),
                name="review_outcome_valid",
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(outcome="pending"),
                name="review_one_pending_per_article",
            ),
        ]

    def __str__(self):
        return f"{self.article}: {self.get_outcome_display()}"


class EditorialNote(models.Model):
    """A note on a story from one member of the desk to the others. Shown on the story's change
    form only: never on a public page, in a feed, a sitemap or the search index."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editorial_notes")
    author = desk_member()
    text = models.TextField("note", help_text="Seen by the newsdesk only, never by readers.")
    created_at = models.DateTimeField("written", default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"
        verbose_name = "editorial note"

    def __str__(self):
        return self.text[:60]


class CorrectionQuerySet(models.QuerySet):
    def shown(self):
        """Corrections no later one superseded: the ones readers see on the story."""
        return self.filter(superseded_by__isnull=True)

    def on_public_site(self):
        """Shown corrections of published stories (``Article.objects.published()``), newest
        first: what ``/corrections/``, its feeds and the sitemap list."""
        return (
            self.shown()
            .filter(article__in=Article.objects.published())
            .order_by("-published_at", "-pk")
        )

    def delete(self):
        raise corrections_are_kept(self)


def corrections_are_kept(corrections):
    """The error a delete of corrections gets: they are kept (see ``Correction``)."""
    return models.ProtectedError(
        "Corrections are on the record and cannot be deleted: supersede one with a later one.",
        set(corrections),
    )


class Correction(models.Model):
    """A correction, clarification, editor's note or retraction on a story, on the record: it is
    never changed or deleted, only superseded by a later one (which says who and when). Written
    only by ``articles.corrections.add_correction``."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        EDITORS_NOTE = "editors_note", "Editor’s note"
        RETRACTION = "retraction", "Retraction"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        help_text=(
            "What was wrong and what is right, in plain words; shown to readers exactly as "
            "typed. A retraction shows above the story, the others at its foot."
        )
    )
    published_at = models.DateTimeField("time", default=timezone.now, editable=False)
    created_by = desk_member()
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name="replaces",
        help_text="The earlier note on this story this one replaces: readers no longer see it.",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        # On the record: added and read, never changed or deleted.
        default_permissions = ("add", "view")
        indexes = [
            models.Index(fields=["-published_at"], name="correction_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["correction", "clarification", "editors_note", "retraction"]),
                name="correction_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="correction_text_required"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"correction-{self.pk}"

    @property
    def is_retraction(self):
        return self.kind == self.Kind.RETRACTION

    def delete(self, *args, **kwargs):
        raise corrections_are_kept([self])


class LiveUpdateQuerySet(models.QuerySet):
    def shown(self):
        """Updates readers see as posted (a withdrawn one shows only its note)."""
        return self.filter(withdrawn_at__isnull=True)

    def for_page(self):
        """What a live page draws for each update: its reporter and its pieces with photos."""
        return self.select_related("reporter").prefetch_related(
            Prefetch("pieces", queryset=UpdateBlock.objects.select_related("photo"))
        )


class LiveUpdate(models.Model):
    """One timestamped update of a live story: an optional title, a body of pieces
    (``UpdateBlock``), its reporter and whether it is a key event. Never deleted: a withdrawn
    update keeps its place with the editor's note instead of its words. Written only by
    ``articles.live`` (and its body by the admin's body inline)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    posted_at = models.DateTimeField("posted", default=timezone.now, editable=False)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: a few words in bold above the update. Key events need one.",
    )
    reporter = models.ForeignKey(
        Reporter,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_updates",
        help_text="Whose name readers see on the update.",
    )
    key_event = models.BooleanField(
        "key event",
        default=False,
        help_text="Listed under “Key events” at the top of the story, linking here.",
    )
    posted_by = desk_member()
    edited_at = models.DateTimeField("last edited", null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = desk_member()
    withdrawal_note = models.TextField(
        blank=True,
        editable=False,
        help_text="Shown to readers in place of the update: why it was withdrawn.",
    )

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        # Updates are numbered in the order they are posted, and posted at "now": newest first
        # by number is newest first by time (the pages' cursors, ?before= and ?after=, are ids).
        ordering = ["-id"]
        get_latest_by = "posted_at"
        verbose_name = "live update"
        indexes = [models.Index(fields=["article", "-id"], name="liveupdate_article_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_note=""),
                name="liveupdate_withdrawal_has_note",
            ),
        ]

    def __str__(self):
        return self.title or f"Update at {timezone.localtime(self.posted_at):%H:%M}"

    def get_absolute_url(self):
        """Its own address, to share: the story's page that shows it, however many updates
        come after it (``articles.live.coverage``), scrolled to it."""
        return f"{self.article.get_absolute_url()}?update={self.pk}#{self.anchor}"

    @property
    def anchor(self):
        return f"update-{self.pk}"

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


class UpdateBlock(BodyPiece):
    """One piece of a live update's body."""

    update = models.ForeignKey(LiveUpdate, on_delete=models.CASCADE, related_name="pieces")
    photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="update_blocks"
    )

    class Meta(BodyPiece.Meta):
        verbose_name = "update piece"


class PendingChange(models.Model):
    """Changes to a live story saved for later ("Save for later"): the whole article form as a
    snapshot (``articles.revisions.snapshot_from_forms``). Readers keep the published version,
    since nothing here touches the article's rows, until an editor presses "Publish changes"
    (``articles.revisions.publish_pending``)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="pending_change")
    data = models.JSONField()
    saved_by = desk_member()
    saved_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "change saved for later"
        verbose_name_plural = "changes saved for later"

    def __str__(self):
        return f"Changes to {self.article} saved for later"


class EditLock(models.Model):
    """Who has the article's change form open, and since when. It runs out by itself
    ``NEWSROOM_EDIT_LOCK_MINUTES`` after the last sign of life from the form
    (``articles.locks``)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
    refreshed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.article} (being edited)"


class Redirect(models.Model):
    """An old address that answers ``301`` to its new one: a story's, a section's or a
    reporter's address on the site the newsroom moved from (``manage.py import_wordpress``
    writes them), or one an editor adds by hand. Looked up only for addresses that are not
    found, and for WordPress's ``?p=``-style addresses (``articles.redirects``)."""

    old_path = models.CharField(
        "old address",
        max_length=500,
        unique=True,
        help_text="The path and query, as readers' links have it: /2024/03/04/storm/ or /?p=12.",
    )
    new_path = models.CharField(
        "new address",
        max_length=500,
        help_text="Where it goes now: a path on this site (/news/storm/) or a full address.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Where the old address came from."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


class WordPressObject(models.Model):
    """Which Newsroom row a WordPress object became, per site it was imported from: a second
    run of the same export finds it and updates it instead of making another, and skips it when
    nothing of it changed (``digest``)."""

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        COMMENT = "comment", "Comment"

    site = models.CharField(max_length=200, help_text="The export's site address.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    wp_id = models.BigIntegerField("WordPress id")
    object_id = models.BigIntegerField()
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "WordPress object"
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wordpress_object_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} of {self.site}"
