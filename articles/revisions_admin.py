"""The article form's revisions, changes saved for later and edit lock, as the desk uses them.

``RevisionsAdminMixin`` goes on ``ArticleAdmin``: every save of the form is a revision
(``log_addition``/``log_change``, after the byline and body are saved), "Save for later" keeps
the form as a ``PendingChange`` instead of saving the story (``save_related``), the History
screen lists revisions with Compare and Restore, the form takes the edit lock and refuses a
save over someone else's newer revision (``EditingChecks``). The writes are in
``articles.revisions`` and ``articles.locks``.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from . import forms as article_forms
from . import locks, revisions
from .models import Article, PendingChange

# What kind of save each button of the form is, as History lists it.
SAVE_KINDS = {
    article_forms.PUBLISH: "Published",
    article_forms.SCHEDULE: "Scheduled",
    article_forms.UNPUBLISH: "Unpublished",
    article_forms.SAVE_DRAFT: "Saved as a draft",
    article_forms.KEEP: "Updated",
    article_forms.KEEP_EDITING: "Updated",
}
# How often the form's script tells the server the form is still open, at most.
HEARTBEAT_SECONDS = 60


def lock_notice(lock):
    """ "Alex Editor has been editing this story since 14:02." """
    since = timezone.localtime(lock.since)
    today = timezone.localtime().date()
    shown = date_format(since, "H:i" if since.date() == today else "j F Y, H:i")
    return f"{revisions.who(lock.user)} has been editing this story since {shown}."


class EditingChecks:
    """Mixed into the article form by ``RevisionsAdminMixin.get_form``: the revision the form
    was opened on (a hidden field), and the refusals that protect a live story."""

    editing_user = None
    compare_url = None  # a function of two version ids, set by the admin

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editing_revision"] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=False,
            initial=revisions.latest_version_id(self.instance),
        )

    def clean(self):
        cleaned = super().clean()
        article = self.instance
        if article.pk is None:
            return cleaned
        if (
            self.action in (article_forms.KEEP, article_forms.KEEP_EDITING)
            and article.status == Article.Status.PUBLISHED
            and not revisions.may_publish(self.editing_user)
        ):
            raise forms.ValidationError(
                "Changes to a live story go out only when an editor publishes them: press "
                "“Save for later”.",
                code="may_not_publish",
            )
        opened = cleaned.get("editing_revision")
        if opened is None:
            # Posted without the form's token (not from the page the admin renders): there is
            # no telling when it was opened, so nothing to compare against.
            return cleaned
        newer = (
            revisions.revisions_of(article)
            .filter(pk__gt=opened)
            .exclude(revision__user=self.editing_user)
            .first()
        )
        if newer is not None:
            latest = revisions.latest_version_id(article)
            compare = self.compare_url(opened or None, latest)
            # The next press saves over theirs, knowingly: the form now says it was opened on it.
            self.data = self.data.copy()
            self.data[self.add_prefix("editing_revision")] = str(latest)
            raise forms.ValidationError(
                format_html(
                    "{} saved this story on {}, after you opened it, so your changes are not "
                    "saved yet. Everything you typed is still in the form below. "
                    '<a href="{}" target="_blank" rel="noopener">Compare with the current '
                    "version</a> (opens in a new tab); then press your button again to save "
                    "your version over theirs, or reload the page to start from theirs.",
                    revisions.who(newer.revision.user),
                    date_format(timezone.localtime(newer.revision.date_created), "j F Y, H:i"),
                    compare,
                ),
                code="stale",
            )
        return cleaned


class RevisionsAdminMixin:
    """History, Compare and Restore; Save for later and Publish changes; the edit lock."""

    object_history_template = "admin/articles/article/revision_history.html"

    # URLs.

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{info}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{info}_restore",
            ),
            path(
                "<path:object_id>/changes/publish/",
                view(self.publish_changes_view),
                name=f"{info}_publish_changes",
            ),
            path(
                "<path:object_id>/changes/discard/",
                view(self.discard_changes_view),
                name=f"{info}_discard_changes",
            ),
            path("<path:object_id>/lock/", view(self.lock_view), name=f"{info}_lock"),
            *super().get_urls(),
        ]

    def article_url(self, name, article, *args):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return reverse(
            f"admin:{info}_{name}", args=[article.pk, *args], current_app=self.admin_site.name
        )

    def compare_url_of(self, article):
        def compare_url(old, new):
            query = f"?old={old}&new={new}" if old else f"?new={new}"
            return self.article_url("compare", article) + query

        return compare_url

    def article_or_404(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def screen_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "object": article,
            "original": article,
            "change_url": self.article_url("change", article),
            "history_url": self.article_url("history", article),
        }

    # The form.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        compare_url = self.compare_url_of(obj) if obj is not None and obj.pk else None
        return type(
            form.__name__,
            (EditingChecks, form),
            {"editing_user": request.user, "compare_url": staticmethod(compare_url)},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and unquote(object_id).isdigit():
            article = Article.objects.filter(pk=unquote(object_id)).first()
            if article is not None and not revisions.latest_version_id(article):
                # A story from before revisions were kept: what the editor opens becomes its
                # first revision (before the form notes the revision it was opened on), so
                # History and a refused save have something to compare with.
                revisions.record(article, comment=revisions.BASELINE)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_publish"] = revisions.may_publish(request.user)
        if obj is not None and obj.pk:
            other = locks.take(obj, request.user)
            context["edit_lock_notice"] = lock_notice(other) if other else ""
            context["edit_lock_url"] = self.article_url("lock", obj)
            context["edit_lock_seconds"] = min(HEARTBEAT_SECONDS, locks.lock_minutes() * 30)
            pending = PendingChange.objects.select_related("saved_by").filter(article=obj).first()
            if pending is not None:
                context["pending_change"] = {
                    "who": revisions.who(pending.saved_by),
                    "when": date_format(timezone.localtime(pending.saved_at), "j F Y, H:i"),
                    "preview_url": reverse("articles:article-pending-preview", args=[obj.pk]),
                    "publish_url": self.article_url("publish_changes", obj),
                    "discard_url": self.article_url("discard_changes", obj),
                }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_for_later_requested(self, form):
        return getattr(form, "action", None) == article_forms.SAVE_FOR_LATER

    def save_related(self, request, form, formsets, change):
        if self.save_for_later_requested(form):
            # The live story stays as it is: the form is kept beside it, for later.
            snapshot = revisions.snapshot_from_forms(form, formsets)
            revisions.save_for_later(form.instance, snapshot, user=request.user)
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if self.save_for_later_requested(form):
            return [{"changed": {"fields": ["saved for later"]}}]  # the formsets saved nothing
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self.record_revision(request, obj)
        return entry

    def log_change(self, request, obj, message):
        action = article_forms.publishing_action(request.POST)
        if action == article_forms.SAVE_FOR_LATER:
            return super().log_change(request, obj, message)
        entry = super().log_change(request, obj, message)
        self.record_revision(request, obj)
        if action not in article_forms.STAYS_ON_PAGE:
            locks.release(obj, request.user)
        return entry

    def record_revision(self, request, obj):
        action = article_forms.publishing_action(request.POST)
        revisions.record(obj, user=request.user, comment=SAVE_KINDS.get(action, "Saved"))

    # History, Compare, Restore.

    def history_view(self, request, object_id, extra_context=None):
        article = self.article_or_404(request, object_id)
        versions = list(revisions.revisions_of(article))
        context = {
            **self.screen_context(request, article, f"History of “{article}”"),
            "versions": versions,
            "compare_url": self.article_url("compare", article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        article = self.article_or_404(request, object_id)
        versions = revisions.revisions_of(article)

        def version(key):
            value = request.GET.get(key, "")
            if not value.isdigit():
                return None
            return versions.filter(pk=int(value)).first()

        new = version("new") or versions.first()
        if new is None:
            messages.warning(request, "This story has no revisions to compare yet.")
            return HttpResponseRedirect(self.article_url("history", article))
        old = version("old") or versions.filter(pk__lt=new.pk).first() or new
        if old.pk > new.pk:
            old, new = new, old
        latest = versions.first()
        context = {
            **self.screen_context(request, article, f"Compare revisions of “{article}”"),
            "old": {
                "version": old,
                "label": revisions.revision_label(old),
                "kind": old.revision.get_comment(),
                "restore_url": self.article_url("restore", article, old.pk),
                "current": old.pk == latest.pk,
            },
            "new": {
                "version": new,
                "label": revisions.revision_label(new),
                "kind": new.revision.get_comment(),
                "restore_url": self.article_url("restore", article, new.pk),
                "current": new.pk == latest.pk,
            },
            "comparison": revisions.compare(
                revisions.snapshot_of_revision(old), revisions.snapshot_of_revision(new)
            ),
            "may_restore": self.may_restore(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def may_restore(self, request, article):
        if not self.has_change_permission(request, article):
            return False
        return article.status != Article.Status.PUBLISHED or revisions.may_publish(request.user)

    def restore_view(self, request, object_id, version_id):
        article = self.article_or_404(request, object_id, change=True)
        if not self.may_restore(request, article):
            raise PermissionDenied
        version = get_object_or_404(revisions.revisions_of(article), pk=version_id)
        if request.method == "POST":
            article, lost = revisions.restore(version, user=request.user)
            self.message_user(
                request,
                f"Restored the revision of {revisions.revision_label(version)}. "
                "The restore is kept as a new revision; comments are as they were.",
                messages.SUCCESS,
            )
            if lost:
                self.message_user(
                    request, "Not brought back: " + "; ".join(lost) + ".", messages.WARNING
                )
            return HttpResponseRedirect(self.article_url("history", article))
        context = {
            **self.screen_context(request, article, f"Restore a revision of “{article}”"),
            "label": revisions.revision_label(version),
            "version": version,
            "live": article.status == Article.Status.PUBLISHED,
            "compare_url": self.compare_url_of(article)(
                version.pk, revisions.latest_version_id(article)
            ),
        }
        return TemplateResponse(request, "admin/articles/article/revision_restore.html", context)

    # Changes saved for later.

    def publish_changes_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.article_or_404(request, object_id, change=True)
        if not revisions.may_publish(request.user):
            raise PermissionDenied
        pending = PendingChange.objects.filter(article=article).first()
        if pending is None:
            self.message_user(request, "There are no changes saved for later.", messages.WARNING)
        else:
            article, lost = revisions.publish_pending(pending, user=request.user)
            self.message_user(
                request,
                format_html(
                    "“{}” — Changes published: readers see them now.",
                    article,
                ),
                messages.SUCCESS,
            )
            if lost:
                self.message_user(
                    request, "Not published: " + "; ".join(lost) + ".", messages.WARNING
                )
        return HttpResponseRedirect(self.article_url("change", article))

    def discard_changes_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.article_or_404(request, object_id, change=True)
        pending = PendingChange.objects.filter(article=article).first()
        if pending is not None:
            revisions.discard_pending(pending)
            self.message_user(
                request,
                "The changes saved for later were discarded; the published story is unchanged.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self.article_url("change", article))

    # The edit lock's heartbeat.

    def lock_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.article_or_404(request, object_id, change=True)
        other = locks.take(article, request.user)
        return JsonResponse({"notice": lock_notice(other) if other else ""})
