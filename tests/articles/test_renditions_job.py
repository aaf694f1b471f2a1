"""A large photo's renditions are made by a background job: the editor's upload is answered
once the original is stored, pages show the original until the worker has made every size, and
the job copes with a photo deleted or changed meanwhile, or a queue that cannot take it."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Photo, Rendition
from articles.photos import storage
from articles.photos.renditions import plan_for
from tests.articles.test_admin import upload_photo
from tests.articles.test_photo_files import edit, photo_jpeg
from tests.comments.test_notify_jobs import DATABASE_TASKS, work_through_due_jobs
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

LIMIT = 300 * 200  # the uploads here (800 × 500, 900 × 600) are over it


@pytest.fixture
def later(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NEWSROOM_RENDITIONS_LATER_PIXELS = LIMIT
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def queued_jobs():
    return DBTaskResult.objects.filter(status="READY").count()


def test_a_large_upload_is_answered_at_once_and_the_worker_makes_its_sizes(
    editor_client, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_photo(editor_client)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert not photo.renditions.exists()
    assert photo.rendition_plan is None  # pages show the original meanwhile
    assert queued_jobs() == 1
    change = editor_client.get(reverse("admin:articles_photo_change", args=[photo.pk]))
    assert "still being made" in change.content.decode()
    assert photo.image.url in change.content.decode()

    work_through_due_jobs()

    photo.refresh_from_db()
    plan = plan_for(photo)
    assert photo.rendition_plan == plan
    assert sorted(photo.renditions.values_list("file", flat=True)) == sorted(
        spec.name for spec in plan.specs
    )
    for spec in plan.specs:
        assert photo.image.storage.exists(spec.name)
    change = editor_client.get(reverse("admin:articles_photo_change", args=[photo.pk]))
    assert "still being made" not in change.content.decode()


def test_a_small_upload_has_its_sizes_in_the_request(editor_client, later, settings):
    settings.NEWSROOM_RENDITIONS_LATER_PIXELS = 800 * 500  # not over: made at once
    assert upload_photo(editor_client).status_code == 302
    photo = Photo.objects.get()
    assert photo.rendition_plan is not None
    assert queued_jobs() == 0


def test_a_new_focal_point_of_a_large_photo_is_cropped_by_the_worker(
    editor_client, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(editor_client)
    work_through_due_jobs()
    photo = Photo.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert edit(editor_client, photo, focal_x="0.2", focal_y="0.3").status_code == 302
    photo.refresh_from_db()
    assert photo.rendition_plan is None
    assert queued_jobs() == 1
    work_through_due_jobs()
    photo.refresh_from_db()
    assert photo.rendition_plan == plan_for(photo)


def test_a_caption_edit_of_a_large_photo_queues_nothing(
    editor_client, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(editor_client)
    work_through_due_jobs()
    photo = Photo.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert edit(editor_client, photo, caption="Sandbags at the river wall").status_code == 302
    assert queued_jobs() == 0
    photo.refresh_from_db()
    assert photo.rendition_plan is not None


def test_a_photo_deleted_before_its_job_runs_is_skipped(
    editor_client, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(editor_client)
    Photo.objects.get().delete()
    work_through_due_jobs()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not Rendition.objects.exists()


def test_when_the_queue_cannot_take_the_job_the_sizes_are_made_at_once(
    editor_client, later, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    job = storage.make_renditions

    class DownQueue:
        name = job.name

        def enqueue(self, *args):
            raise ConnectionError("the queue is down")

        def call(self, *args):
            return job.call(*args)

    monkeypatch.setattr(storage, "make_renditions", DownQueue())
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_photo(editor_client).status_code == 302
    photo = Photo.objects.get()
    assert photo.rendition_plan == plan_for(photo)
    assert "Could not queue job" in caplog.text and "running it now" in caplog.text


def test_a_job_that_ends_after_a_newer_change_leaves_the_set_incomplete(later):
    photo = storage.import_photo(photo_jpeg(), "harbour.jpg", alt_text="Boats in the harbour")
    Photo.objects.filter(pk=photo.pk).update(renditions_digest="")
    stale = Photo.objects.get(pk=photo.pk)
    # Meanwhile an editor moves the focal point: the stale job's set is not the photo's now.
    Photo.objects.filter(pk=photo.pk).update(focal_x=0.1, focal_y=0.9)
    storage.sync_renditions(stale)
    assert Photo.objects.get(pk=photo.pk).renditions_digest == ""
