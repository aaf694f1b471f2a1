"""`manage.py backup` and `restore`: one archive brings the whole site back (articles, comments,
photos and their files) on an empty machine; a damaged archive is refused and changes nothing.

Each test runs on the database the suite runs on: SQLite by default, PostgreSQL in CI's second
pass (DATABASE_URL), where the restore goes into a throwaway database of its own."""

import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Photo
from comments.models import Comment
from newsroom import pagecache
from newsroom.backup import site_contents
from tests.factories import make_article, make_comment, make_photo, make_reporter, make_section
from tests.newsroom.site_snapshot import snapshot
from tests.s3_server import CREDENTIALS, REGION
from tests.servers import empty_database

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def site_dirs(settings, tmp_path):
    """The site's media and backup folders, this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NEWSROOM_BACKUP_DIR = tmp_path / "backups"
    return tmp_path


def make_site():
    """A small newsroom: photos with their renditions, bylines, a body with a photo, comments
    approved, pending and in reply."""
    news = make_section(slug="news", name="News")
    reporter = make_reporter(name="Asha Patel", portrait=make_photo(width=80, height=80))
    body_photo = make_photo(width=120, height=80, caption="Sandbags stacked outside the library")
    article = make_article(
        slug="flood-defences-hold",
        headline="Flood defences hold as river peaks",
        section=news,
        reporters=[reporter],
        lead_photo=make_photo(width=160, height=90),
        blocks=[
            {"text": "<p>The new wall kept the water out of the town centre.</p>"},
            {"kind": "photo", "photo": body_photo},
            {"kind": "quote", "words": "We slept for the first time in days", "attribution": "A"},
        ],
    )
    make_article(slug="council-budget", headline="Council sets its budget", section=news)
    first = make_comment(article, text="Well done to everyone who built it.")
    make_comment(article, parent=first, text="Agreed, and to the volunteers.")
    make_comment(article, status=Comment.Status.PENDING, text="Waiting for a moderator.")
    return article


def on_another_machine(database_url, media_root, var_dir, *args, bucket=None):
    """Run ``args`` under the production-like settings of a fresh checkout pointed at
    ``database_url`` and ``media_root``, or with ``bucket`` (a ``MEDIA_STORAGE_URL``) at a
    photo bucket instead."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        NEWSROOM_VAR_DIR=str(var_dir),
        REDIS_URL="",
    )
    if bucket:
        env.update(MEDIA_STORAGE_URL=bucket, **CREDENTIALS)
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_restore_into_an_empty_database_and_media_folder_brings_back_the_same_site(site_dirs):
    article = make_site()
    before = snapshot(article.get_absolute_url())
    assert before["status"] == 200 and "The new wall kept the water out" in before["page"]
    assert len(before["files"]) > 3
    archive = site_dirs / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    restored_media = site_dirs / "restored-media"
    with empty_database(site_dirs) as database_url:
        run = on_another_machine(
            database_url, restored_media, site_dirs / "var", "manage.py", "restore", str(archive)
        )
        assert run.returncode == 0, run.stderr
        assert "Restored 2 articles, 3 photos and 3 comments" in run.stdout
        look = on_another_machine(
            database_url,
            restored_media,
            site_dirs / "var",
            "-m",
            "tests.newsroom.site_snapshot",
            article.get_absolute_url(),
        )
        assert look.returncode == 0, look.stderr
        after = json.loads(look.stdout)
        # A new article gets an id of its own, not one a restored article has.
        code = (
            "import django; django.setup(); from tests.factories import make_article; "
            "print(make_article().pk)"
        )
        added = on_another_machine(database_url, restored_media, site_dirs / "var", "-c", code)
        assert added.returncode == 0, added.stderr
    assert after["rows"] == before["rows"]
    assert after["files"] == before["files"]
    assert after["page"] == before["page"]
    assert int(added.stdout) > max(row["id"] for row in before["rows"]["articles.Article"])


def test_a_backup_older_than_the_code_is_restored_and_brought_up_to_date(tmp_path):
    """A backup taken before an upgrade goes onto the upgraded code: restore applies the
    migrations the backup did not have."""
    archive = tmp_path / "older.tar.gz"
    media, var = tmp_path / "media", tmp_path / "var"
    with empty_database(tmp_path, "older_source") as source:
        for step in (["migrate", "-v0"], ["migrate", "articles", "0004", "-v0"]):
            ran = on_another_machine(source, media, var, "manage.py", *step)
            assert ran.returncode == 0, ran.stderr
        ran = on_another_machine(source, media, var, "manage.py", "backup", str(archive))
        assert ran.returncode == 0, ran.stderr
    with empty_database(tmp_path) as target:
        run = on_another_machine(
            target, tmp_path / "restored", var, "manage.py", "restore", str(archive)
        )
        assert run.returncode == 0, run.stderr
        assert "- applied the migrations newer than the backup" in run.stdout
        plan = on_another_machine(
            target, tmp_path / "restored", var, "manage.py", "migrate", "--plan"
        )
    assert plan.stdout.split() == [
        "Planned",
        "operations:",
        "No",
        "planned",
        "migration",
        "operations.",
    ]


def test_backup_without_a_path_goes_to_the_backup_folder_for_its_owner_only(site_dirs):
    make_site()
    out = io.StringIO()
    call_command("backup", stdout=out)
    (archive,) = (site_dirs / "backups").iterdir()
    assert re.fullmatch(r"newsroom-\d{8}-\d{6}\.tar\.gz", archive.name)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert str(archive) in out.getvalue() and "2 articles, 3 photos, 3 comments" in out.getvalue()


def test_restore_refuses_a_site_with_content_and_with_force_replaces_it_and_its_pages(
    site_dirs, client
):
    article = make_site()
    archive = site_dirs / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    make_article(headline="Written after the backup")
    # A table from a migration newer than the backup.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE articles_newer (id integer PRIMARY KEY)")
    # A change no signal announces, shown on a page that is then stored.
    Article.objects.filter(pk=article.pk).update(headline="Headline changed after the backup")
    pagecache.invalidate()
    assert "changed after the backup" in client.get(article.get_absolute_url()).content.decode()

    with pytest.raises(CommandError, match=r"This site is not empty \(.*3 articles"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Article.objects.count() == 3

    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert Article.objects.count() == 2
    assert "articles_newer" not in connection.introspection.table_names()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Flood defences hold as river peaks" in page
    assert "changed after the backup" not in page
    (safety,) = (site_dirs / "backups").glob("pre-restore-newsroom-*.tar.gz")
    assert f"the site as it was is saved in {safety}" in out.getvalue()
    assert "retired every stored page" in out.getvalue()


def rewrite(archive, target, change):
    """A copy of ``archive`` with ``change(members)`` applied to its {name: bytes}."""
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    change(members)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def halves(path):
    data = path.read_bytes()
    return data[: len(data) // 2], data[len(data) // 2 :]


def first_photo(members):
    return next(name for name in members if name.startswith("media/"))


def edit_manifest(members, edit):
    manifest = json.loads(members["manifest.json"])
    edit(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()


def drop_database(members):
    """The archive without its database, and a manifest that agrees."""
    name = next(name for name in members if name.startswith("database/"))
    members.pop(name)
    edit_manifest(members, lambda manifest: manifest["files"].pop(name))


def other_vendor(manifest):
    manifest["database_vendor"] = {"sqlite": "postgresql"}.get(connection.vendor, "sqlite")


DAMAGES = {
    "cut short": lambda path, good: path.write_bytes(halves(good)[0]),
    "bytes overwritten": lambda path, good: path.write_bytes(
        halves(good)[0] + b"\0" * 64 + halves(good)[1][64:]
    ),
    "not an archive": lambda path, good: path.write_text("reporter's notes\n"),
    "a photo changed": lambda path, good: rewrite(
        good, path, lambda m: m.update({first_photo(m): b"not the photo"})
    ),
    "a photo missing": lambda path, good: rewrite(good, path, lambda m: m.pop(first_photo(m))),
    "a file slipped in": lambda path, good: rewrite(
        good, path, lambda m: m.update({"media/extra.jpg": b"x"})
    ),
    "a path out of the folder": lambda path, good: rewrite(
        good, path, lambda m: m.update({"media/../../escaped": b"x"})
    ),
    "no manifest": lambda path, good: rewrite(good, path, lambda m: m.pop("manifest.json")),
    "a manifest without checksums": lambda path, good: rewrite(
        good, path, lambda m: edit_manifest(m, lambda f: f.pop("files"))
    ),
    "no database": lambda path, good: rewrite(good, path, drop_database),
    "another database vendor": lambda path, good: rewrite(
        good, path, lambda m: edit_manifest(m, other_vendor)
    ),
    "a newer Newsroom": lambda path, good: rewrite(
        good,
        path,
        lambda m: edit_manifest(m, lambda f: f["migrations"].append(["articles", "9999_future"])),
    ),
}
MESSAGES = {
    "cut short": "is damaged or not a Newsroom backup (cannot be read",
    "bytes overwritten": "is damaged or not a Newsroom backup",
    "not an archive": "is damaged or not a Newsroom backup (cannot be read",
    "a photo changed": "checksum mismatch: media/",
    "a photo missing": "missing: media/",
    "a file slipped in": "not in the manifest: media/extra.jpg",
    "a path out of the folder": "unexpected member 'media/../../escaped'",
    "no manifest": "no Newsroom manifest",
    "a manifest without checksums": "its manifest lacks some of counts, database_vendor",
    "no database": "This backup holds no database (database/",
    "another database vendor": "restore it onto",
    "a newer Newsroom": "made by a newer Newsroom",
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_or_unfitting_archive_is_refused_and_nothing_changes(site_dirs, damage):
    article = make_site()
    good = site_dirs / "good.tar.gz"
    call_command("backup", str(good), stdout=io.StringIO())
    damaged = site_dirs / "damaged.tar.gz"
    DAMAGES[damage](damaged, good)
    make_article(headline="Written after the backup")
    Photo.objects.filter(pk=article.lead_photo_id).update(caption="Caption edited later")
    held = site_contents()
    files = sorted(p.relative_to(site_dirs) for p in (site_dirs / "media").rglob("*"))

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(damaged), "--force", stdout=io.StringIO())
    assert MESSAGES[damage] in str(refused.value)
    assert "nothing was changed" in str(refused.value).lower()
    assert site_contents() == held
    assert Article.objects.count() == 3
    assert Photo.objects.get(pk=article.lead_photo_id).caption == "Caption edited later"
    assert sorted(p.relative_to(site_dirs) for p in (site_dirs / "media").rglob("*")) == files
    assert sorted(p.name for p in (site_dirs / "backups").iterdir()) == []


def test_postgresql_backup_without_pg_dump_says_what_to_install(tmp_path):
    run = on_another_machine(
        "postgres://postgres@127.0.0.1:5432/postgres",
        tmp_path / "media",
        tmp_path,
        "-c",
        "import os, django; os.environ['PATH'] = ''; django.setup(); "
        "from django.core.management import call_command; call_command('backup')",
    )
    assert run.returncode != 0
    assert "pg_dump is not on PATH" in run.stderr
    assert "postgresql-client" in run.stderr
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


# Photos in a bucket (MEDIA_STORAGE_URL)


def new_bucket(s3_server, name):
    s3_server.client().create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return f"s3://{name}/site?endpoint_url={s3_server.url}&region={REGION}"


def test_a_site_moves_its_photos_from_disk_into_a_bucket_by_backup_and_restore(
    site_dirs, s3_server
):
    article = make_site()
    before = snapshot(article.get_absolute_url())
    archive = site_dirs / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    bucket = new_bucket(s3_server, f"moved-{os.getpid()}")

    with empty_database(site_dirs) as database_url:
        here = (database_url, site_dirs / "unused-media", site_dirs / "var")
        run = on_another_machine(*here, "manage.py", "restore", str(archive), bucket=bucket)
        assert run.returncode == 0, run.stderr
        assert f"- {len(before['files'])} media files put into the bucket s3://" in run.stdout
        look = on_another_machine(
            *here, "-m", "tests.newsroom.site_snapshot", article.get_absolute_url(), bucket=bucket
        )
        assert look.returncode == 0, look.stderr
    after = json.loads(look.stdout)
    assert after["files"] == before["files"]  # read back from the bucket
    assert after["page"] == before["page"]
    assert not (site_dirs / "unused-media").exists()


def test_a_backup_of_a_site_with_a_bucket_names_it_and_restores_onto_a_site_with_it(
    site_dirs, photo_bucket, s3_server
):
    article = make_site()
    before = snapshot(article.get_absolute_url())
    archive = site_dirs / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "- photos are not in the archive: they stay in the bucket " in out.getvalue()
    assert str(photo_bucket.storage) in out.getvalue()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert not [name for name in names if name.startswith("media/")]
    assert manifest["media_storage"] == str(photo_bucket.storage)

    bucket = f"s3://{photo_bucket.name}/site?endpoint_url={s3_server.url}&region={REGION}"
    with empty_database(site_dirs) as database_url:
        on_disk = (database_url, site_dirs / "restored-media", site_dirs / "var")
        refused = on_another_machine(*on_disk, "manage.py", "restore", str(archive))
        assert refused.returncode != 0
        assert "This backup's photos are in the bucket" in refused.stderr
        assert "Nothing was changed." in refused.stderr
        run = on_another_machine(*on_disk, "manage.py", "restore", str(archive), bucket=bucket)
        assert run.returncode == 0, run.stderr
        assert "- photos: the restored rows name files in s3://" in run.stdout
        look = on_another_machine(
            *on_disk,
            "-m",
            "tests.newsroom.site_snapshot",
            article.get_absolute_url(),
            bucket=bucket,
        )
        assert look.returncode == 0, look.stderr
    after = json.loads(look.stdout)
    assert after["rows"] == before["rows"]
    assert after["files"] == before["files"]
    assert after["page"] == before["page"]
