"""The demo newsroom's review desk: the demo reporter's login (Amara Okafor writes with it) and a
story of hers waiting for an editor in "Needs review", with an editorial note.

Idempotent like the rest of the demo: the story is made, submitted and given its note only when
it is not there yet, so an editor who has since sent it back or published it finds it as they
left it; a reporter already given another login keeps it.
"""

from django.db import transaction

from .. import publishing, review
from ..models import Article, Block, Byline, EditorialNote, Reporter, Section

REPORTER_SLUG = "amara-okafor"

STORY = {
    "slug": "ravensmouth-lifeboat-crew-numbers-fall",
    "headline": "Ravensmouth lifeboat station short of volunteer crew",
    "standfirst": (
        "The station needs twelve more volunteers before winter, its coxswain says, after the "
        "busiest summer of call-outs in a decade."
    ),
    "section": "news",
    "body": [
        (
            "text",
            "<p>Ravensmouth’s lifeboat station is asking for volunteers after its crew fell to "
            "eighteen, the lowest number since the new boathouse opened in 2011.</p>"
            "<p>The station launched 74 times between May and September, more than in any summer "
            "for ten years, coxswain Mark Doyle said. “Every one of our crew has a day job. When "
            "the pager goes at three in the morning we need enough people to answer it.”</p>",
        ),
        ("heading", "What volunteering involves"),
        (
            "text",
            "<p>New crew train for about a year before they go to sea on a shout. The station also "
            "needs shore crew, who launch and recover the boat, and fundraisers.</p>"
            "<p>An open evening is planned at the boathouse on the Quayside next month.</p>",
        ),
    ],
    "note": (
        "Amara: the call-out figure is from the station’s own log. Check it against the RNLI’s "
        "regional figures before this goes out."
    ),
}


def load_review_desk(reporter_user):
    """Give ``reporter_user`` its reporter and put their story in review once; returns whether
    the story was made by this load."""
    reporter = Reporter.objects.filter(slug=REPORTER_SLUG).first()
    if reporter is None:
        return False
    if reporter.user_id is None and not Reporter.objects.filter(user=reporter_user).exists():
        reporter.user = reporter_user
        reporter.save(update_fields=["user"])
    if Article.objects.filter(slug=STORY["slug"]).exists():
        return False
    with transaction.atomic():
        article = Article(
            slug=STORY["slug"],
            headline=STORY["headline"],
            standfirst=STORY["standfirst"],
            section=Section.objects.get(slug=STORY["section"]),
            created_by=reporter_user,
        )
        publishing.unpublish(article, by=None)  # saved as a draft
        Byline.objects.create(article=article, reporter=reporter, position=1)
        for position, (kind, value) in enumerate(STORY["body"], 1):
            field = "text" if kind == "text" else "words"
            Block.objects.create(article=article, position=position, kind=kind, **{field: value})
        review.submit(article, by=reporter_user)
        EditorialNote.objects.create(article=article, author=reporter_user, text=STORY["note"])
    return True
