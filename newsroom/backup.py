"""Backups of the whole site, database and photos, in one file, and their restore.

An archive is a ``.tar.gz`` holding:

- ``database/db.sqlite3`` (SQLite) or ``database/postgresql.dump`` (PostgreSQL, ``pg_dump``'s
  custom format);
- ``media/…``: every file under ``MEDIA_ROOT`` (original photos and their renditions), when
  the photos are on disk;
- ``manifest.json``, last: when and from what the backup was made (Django and Newsroom
  versions, the database vendor, the migrations applied), the number of articles, photos and
  comments, and the size and SHA-256 of every other member.

Why each database's own format rather than ``dumpdata``/``loaddata``: a backup is taken while
the site runs, so it must be one consistent moment. SQLite's online backup API copies the
database page by page under its own lock (a plain file copy of a database in WAL mode can miss
the writes still in the ``-wal`` file); ``pg_dump`` reads one snapshot, and the counts in the
manifest are taken inside that same snapshot. Both keep everything: indexes, the search
vectors, sequence positions (``loaddata`` leaves PostgreSQL's sequences behind the rows it
inserts, so the next article would collide with a restored one), and neither turns every row
into a Python object on the way, as ``dumpdata`` does. The price is that an archive
goes back onto the vendor it came from.

Database first, then media: a photo uploaded in between is an unused file in the archive, never
a photo row without its file.

Photos in a bucket (``MEDIA_STORAGE_URL``) are not copied into the archive: a newsroom's bucket
grows past what one file on the app server's disk should hold, and the bucket keeps its own
history far better (versioning, replication, its provider's backups). The manifest names the
bucket; the archive is the database, whose rows name the files there. A restore onto a site
with a bucket puts an archive's media files (a backup from disk) into that bucket, so a site
moves its photos to object storage by a backup and a restore; a backup whose photos are in a
bucket is refused by a site that keeps photos on disk, whose folder it cannot fill.

A restore checks everything before it changes anything: the archive must be readable, every
member must match its size and checksum, nothing may be missing or extra, the vendor must be
the site's own and every migration the backup applied must be one this code knows. Only then,
and only into an empty site unless ``force`` (which first backs up what is there), it loads the
database, puts the media folder in the archive's state, applies any newer migrations, checks
PostgreSQL's sequences and retires the page cache so readers see the restored site at once.
"""

import hashlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .pagecache import invalidate

FORMAT = "newsroom-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/postgresql.dump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# What the manifest counts, and what a restore checks it brought back.
COUNTED = {
    "articles": "articles.Article",
    "photos": "articles.Photo",
    "comments": "comments.Comment",
}
# Filled by `migrate` itself on a new database: their rows do not make a site "not empty".
MADE_BY_MIGRATE = {"contenttypes", "auth.Permission", "auth.Group", "sessions"}
CHUNK = 1024 * 1024
# What a restore reads from a manifest, and the type of each.
REQUIRED = {"database_vendor": str, "migrations": list, "counts": dict, "files": dict}


class BackupError(Exception):
    """Why a backup or restore did not happen, in words for the person running it."""


@dataclass
class Result:
    path: Path
    manifest: dict
    notes: list[str] = field(default_factory=list)


def default_path(now=None):
    now = now or datetime.now(UTC)
    return Path(settings.NEWSROOM_BACKUP_DIR) / f"newsroom-{now:%Y%m%d-%H%M%S}.tar.gz"


def _vendor(alias=DEFAULT_DB_ALIAS):
    vendor = connections[alias].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups cover SQLite and PostgreSQL; this site runs on {vendor}.")
    return vendor


def _version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def _applied_migrations(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _model(label):
    app_label, _, model_name = label.partition(".")
    return apps.get_model(app_label, model_name)


def _counts(cursor, quote):
    counts = {}
    for name, label in COUNTED.items():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(_model(label)._meta.db_table)}")  # noqa: S608
        counts[name] = cursor.fetchone()[0]
    return counts


# Backing up -------------------------------------------------------------------------------------


class _HashingReader:
    """A file read through once: into the archive and into its checksum at the same time."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar, source, name, checksums):
    with open(source, "rb") as file:
        info = tar.gettarinfo(fileobj=file, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        reader = _HashingReader(file)
        tar.addfile(info, reader)
    checksums[name] = {"size": info.size, "sha256": reader.sha256.hexdigest()}


def _dump_sqlite(connection, target):
    """An online copy: consistent even while other processes write to the site."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        with connection.wrap_database_errors:
            connection.connection.backup(copy)
        counts = _counts(copy.cursor(), connection.ops.quote_name)
        migrations = []
        if copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone():
            rows = copy.execute("SELECT app, name FROM django_migrations")
            migrations = sorted([app, name] for app, name in rows)
    finally:
        copy.close()
    return counts, migrations


def _postgres_command(program):
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            f"{program} is not on PATH: PostgreSQL backups need the PostgreSQL client tools "
            f"of the server's major version or newer (Debian: apt-get install postgresql-client)."
        )
    return path


def _postgres_env(connection):
    """The libpq connection parameters of Django's connection, for pg_dump and pg_restore."""
    params = connection.settings_dict
    env = {**os.environ}
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if params.get(key):
            env[variable] = str(params[key])
    if params.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = params["OPTIONS"]["sslmode"]
    return env


def _run(command, env, what):
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def _dump_postgresql(connection, target):
    """pg_dump of one snapshot, the one the counts and the migration list are read in."""
    pg_dump = _postgres_command("pg_dump")
    connection.ensure_connection()
    raw = connection.connection
    autocommit = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts(cursor, connection.ops.quote_name)
            cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
            migrations = []
            if cursor.fetchone()[0]:
                cursor.execute("SELECT app, name FROM django_migrations")
                migrations = sorted([app, name] for app, name in cursor.fetchall())
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                _postgres_env(connection),
                "pg_dump",
            )
    finally:
        raw.rollback()
        raw.autocommit = autocommit
    return counts, migrations


def media_files(root):
    """Every file under ``root`` as (path, POSIX path relative to root), in a stable order."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        (path, path.relative_to(root).as_posix())
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def backup(path=None, *, alias=DEFAULT_DB_ALIAS):
    """Write the site (database and media) to one archive; return its path and manifest."""
    connection = connections[alias]
    vendor = _vendor(alias)
    path = Path(path) if path else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    checksums = {}
    bucket = settings.MEDIA_STORAGE
    notes = []
    if bucket is not None:
        notes.append(
            f"photos are not in the archive: they stay in the bucket {bucket}, which keeps "
            "them (turn on its versioning to keep deleted and replaced files too)"
        )
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        dump = Path(work) / "database"
        if vendor == "sqlite":
            counts, migrations = _dump_sqlite(connection, dump)
        else:
            counts, migrations = _dump_postgresql(connection, dump)
        # The archive holds password hashes and readers' email addresses: for its owner only.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                _add_file(tar, dump, DATABASE_MEMBERS[vendor], checksums)
                for source, relative in [] if bucket else media_files(settings.MEDIA_ROOT):
                    try:
                        _add_file(tar, source, f"media/{relative}", checksums)
                    except FileNotFoundError:
                        continue  # deleted since the listing: no row refers to it any more
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "newsroom_version": _version("newsroom"),
                    "django_version": django.get_version(),
                    "python_version": platform.python_version(),
                    "database_vendor": vendor,
                    "migrations": migrations,
                    "counts": counts,
                    "files": checksums,
                }
                if bucket is not None:
                    manifest["media_storage"] = str(bucket)
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(data), 0o600
                info.mtime = int(datetime.now(UTC).timestamp())
                tar.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return Result(path, manifest, notes)


# Restoring --------------------------------------------------------------------------------------


def _safe_member_name(name):
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        return None
    if name == MANIFEST or name in DATABASE_MEMBERS.values() or pure.parts[0] == "media":
        return pure
    return None


def _damaged(path, why):
    return BackupError(f"{path} is damaged or not a Newsroom backup ({why}); nothing was changed.")


def read_archive(path, staging):
    """Unpack ``path`` into ``staging`` and check it whole; return its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    found = {}
    manifest = None
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            for member in tar:
                pure = _safe_member_name(member.name)
                if pure is None or not member.isfile():
                    raise _damaged(path, f"unexpected member {member.name!r}")
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(source.read().decode())
                    continue
                target = Path(staging, *pure.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                found[member.name] = {"size": member.size, "sha256": digest.hexdigest()}
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeDecodeError) as error:
        raise _damaged(path, f"cannot be read: {error}") from error
    except json.JSONDecodeError as error:
        raise _damaged(path, f"its manifest is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(path, "no Newsroom manifest")
    if not REQUIRED.items() <= {k: type(v) for k, v in manifest.items()}.items():
        raise _damaged(path, f"its manifest lacks some of {', '.join(sorted(REQUIRED))}")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a version {manifest.get('format_version')} backup; this Newsroom reads "
            f"version {FORMAT_VERSION}. Nothing was changed."
        )
    expected = manifest.get("files", {})
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    wrong = sorted(name for name in set(found) & set(expected) if found[name] != expected[name])
    if missing or extra or wrong:
        problems = [
            f"{label}: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}"
            for label, names in [
                ("missing", missing),
                ("not in the manifest", extra),
                ("checksum mismatch", wrong),
            ]
            if names
        ]
        raise _damaged(path, "; ".join(problems))
    return manifest


def _check_fits(manifest, connection):
    vendor = _vendor(connection.alias)
    theirs = manifest.get("database_vendor")
    if theirs != vendor:
        raise BackupError(
            f"This backup holds a {VENDOR_NAMES.get(theirs, theirs)} database and this site "
            f"runs on {VENDOR_NAMES[vendor]}: restore it onto {VENDOR_NAMES.get(theirs, theirs)}. "
            "Nothing was changed."
        )
    theirs_bucket = manifest.get("media_storage")
    if theirs_bucket and settings.MEDIA_STORAGE is None:
        raise BackupError(
            f"This backup's photos are in the bucket {theirs_bucket}, not in the archive, and "
            "this site keeps photos on disk: restore it on a site whose MEDIA_STORAGE_URL names "
            "that bucket. Nothing was changed."
        )
    if DATABASE_MEMBERS[vendor] not in manifest["files"]:
        raise BackupError(
            f"This backup holds no database ({DATABASE_MEMBERS[vendor]}). Nothing was changed."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    # Apps this configuration does not install (django_rq's, say, on a site that ran with
    # REDIS_URL) are not newer code: their tables come back unused.
    installed = {config.label for config in apps.get_app_configs()}
    unknown = sorted(f"{app}.{name}" for app, name in manifest["migrations"] if app in installed)
    unknown = [label for label in unknown if tuple(label.split(".", 1)) not in known]
    if unknown:
        raise BackupError(
            "This backup was made by a newer Newsroom: its database has migrations this code "
            f"does not know ({', '.join(unknown[:5])}). Restore it with that version. "
            "Nothing was changed."
        )


def site_contents(alias=DEFAULT_DB_ALIAS):
    """What the site holds beyond a freshly migrated database: {"3 articles", …}; empty if none."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    held = []
    # Articles, photos and comments first: what the person restoring recognises.
    models = sorted(
        apps.get_models(include_auto_created=True),
        key=lambda model: model._meta.label not in COUNTED.values(),
    )
    for model in models:
        meta = model._meta
        if meta.app_label in MADE_BY_MIGRATE or meta.label in MADE_BY_MIGRATE:
            continue
        if meta.auto_created and meta.auto_created._meta.label in MADE_BY_MIGRATE:
            continue
        if not meta.managed or meta.proxy or meta.db_table not in existing:
            continue
        count = model._base_manager.using(alias).count()
        if count:
            held.append(f"{count} {meta.verbose_name_plural}")
    # A bucket's files are not counted (listing it may take long): photo rows say enough.
    files = 0 if settings.MEDIA_STORAGE is not None else len(media_files(settings.MEDIA_ROOT))
    if files:
        held.append(f"{files} files in {settings.MEDIA_ROOT}")
    return held


def _restore_sqlite(connection, dump):
    connection.close()
    name = Path(connection.settings_dict["NAME"])
    name.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    target = sqlite3.connect(name, timeout=20)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )\S+ (\S+) ", re.M)


def _restore_postgresql(connection, dump):
    """pg_restore in one transaction, dropping what it replaces first (``--clean``): a restore
    that fails leaves the database as it was. Tables the archive does not have (from migrations
    newer than the backup) are dropped before, or they would hold on to the old rows and block
    those migrations from running again."""
    pg_restore = _postgres_command("pg_restore")
    env = _postgres_env(connection)
    listing = _run([pg_restore, "--list", str(dump)], env, "pg_restore --list").stdout
    archived = set(TABLE_ENTRY.findall(listing))
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table not in archived:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env,
        "pg_restore",
    )


def _sequences_behind(connection):
    """Models whose id sequence would hand out an id a restored row already has."""
    behind = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy or not meta.pk or not meta.pk.db_returning:
                continue
            table, column = meta.db_table, meta.pk.column
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            if not sequence:
                continue
            quote = connection.ops.quote_name
            cursor.execute(
                f"SELECT (SELECT MAX({quote(column)}) FROM {quote(table)}), "  # noqa: S608
                f"last_value, is_called FROM {sequence}"
            )
            highest, last, called = cursor.fetchone()
            if highest is not None and (last < highest or (last == highest and not called)):
                behind.append(model)
    return behind


def _reset_sequences(connection):
    behind = _sequences_behind(connection)
    if behind:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), behind):
                cursor.execute(statement)
    return len(behind)


def _restore_media(staging, root):
    """Make ``root`` hold exactly the archive's files (extra ones go: no row refers to them)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    source = Path(staging) / "media"
    wanted = {relative for _, relative in media_files(source)}
    for path, relative in media_files(root):
        if relative not in wanted:
            path.unlink()
    for path, relative in media_files(source):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
    return len(wanted)


def _restore_media_into_bucket(staging, storage):
    """Put the archive's media files into the photo bucket, those it lacks (a file there under
    the same name has the same bytes: names are never reused). Files in the bucket the archive
    lacks stay: the bucket may be shared with the site's other copies."""
    added = 0
    for path, relative in media_files(Path(staging) / "media"):
        if storage.exists(relative):
            continue
        with open(path, "rb") as file:
            storage.save(relative, File(file))
        added += 1
    return added


def restore(path, *, force=False, alias=DEFAULT_DB_ALIAS, migrate=None):
    """Put the site back as the archive at ``path`` holds it. ``migrate`` applies migrations
    (``call_command("migrate")``); returns the manifest and what was done."""
    connection = connections[alias]
    path = Path(path)
    notes = []
    staging_parent = Path(settings.NEWSROOM_BACKUP_DIR)
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging_parent, prefix=".restore-") as staging:
        manifest = read_archive(path, staging)
        _check_fits(manifest, connection)
        if connection.vendor == "postgresql":
            _postgres_command("pg_restore")
        held = site_contents(alias)
        if held and not force:
            shown = ", ".join(held[:6]) + (f" and {len(held) - 6} more" if len(held) > 6 else "")
            raise BackupError(
                f"This site is not empty ({shown}). Restoring replaces all of it: "
                "run again with --force to back it up first and then replace it. "
                "Nothing was changed."
            )
        if held:
            now = default_path()
            safety = backup(now.with_name(f"pre-restore-{now.name}"))
            notes.append(f"the site as it was is saved in {safety.path}")
        dump = Path(staging, *PurePosixPath(DATABASE_MEMBERS[manifest["database_vendor"]]).parts)
        if connection.vendor == "sqlite":
            _restore_sqlite(connection, dump)
        else:
            _restore_postgresql(connection, dump)
        bucket = settings.MEDIA_STORAGE
        if bucket is None:
            files = _restore_media(staging, settings.MEDIA_ROOT)
            notes.append(f"{files} media files into {settings.MEDIA_ROOT}")
        elif manifest.get("media_storage"):
            notes.append(f"photos: the restored rows name files in {manifest['media_storage']}")
            if manifest["media_storage"] != str(bucket):
                notes.append(
                    f"this site's bucket is {bucket}: it shows those photos only if it holds "
                    "the same files"
                )
        else:
            try:
                files = _restore_media_into_bucket(staging, default_storage)
            except OSError as error:
                raise BackupError(
                    f"The database is restored, but the photos could not all be put into the "
                    f"bucket {bucket} ({error}): run the restore again with --force once the "
                    "bucket answers (files already there are kept)."
                ) from error
            notes.append(f"{files} media files put into the bucket {bucket}")
    apps.get_model("contenttypes", "ContentType").objects.clear_cache()
    if migrate is not None and _unapplied(connection):
        migrate()
        notes.append("applied the migrations newer than the backup")
    if connection.vendor == "postgresql":
        reset = _reset_sequences(connection)
        notes.append(f"reset {reset} sequences" if reset else "sequences ahead of every table")
    invalidate()
    notes.append("retired every stored page")
    with connection.cursor() as cursor:
        restored = _counts(cursor, connection.ops.quote_name)
    if restored != manifest["counts"]:
        raise BackupError(
            f"The restore ran, but the site now holds {restored} where the backup's manifest "
            f"says {manifest['counts']}: check it before readers do. "
            + " ".join(note for note in notes if "saved in" in note)
        )
    return Result(path, manifest, notes)


def _unapplied(connection):
    """The migrations this code has and the restored database has not applied."""
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
