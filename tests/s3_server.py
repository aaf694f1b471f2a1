"""An S3-compatible server of the tests' own (moto's, in a process of its own on a free loopback
port), and a bucket on it for one test, with the site's settings pointing at it as
``MEDIA_STORAGE_URL`` would: no cloud account, nothing outside this machine."""

import json
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from dataclasses import dataclass

import boto3
import pytest
from botocore.config import Config

from newsroom import media_storage
from tests.servers import free_port, wait_until_serving

# moto takes any credentials; these only keep boto3 from looking for real ones.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "newsroom-test", "AWS_SECRET_ACCESS_KEY": "newsroom-test"}
REGION = "eu-west-2"


class S3Server:
    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        # Its log (a line a request) goes to a file: a pipe nobody reads would fill and stall it.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  (closed by stop())
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(f"{self.url}/moto-api/", self.process)
        except AssertionError as error:
            self.log.seek(0)
            raise AssertionError(f"{error}\n{self.log.read().decode(errors='replace')}") from None
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
        self.log.close()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            config=Config(s3={"addressing_style": "path"}),
        )


@pytest.fixture(scope="session")
def s3_server():
    """One server for a test process: each test gets a bucket of its own on it."""
    server = S3Server().start()
    yield server
    server.stop()


@dataclass
class Bucket:
    """The bucket a test's photos go to, read as a reader and as the bucket's owner would."""

    name: str
    prefix: str
    storage: media_storage.ObjectStorage
    client: object

    def key(self, name):
        return f"{self.prefix}/{name}" if self.prefix else name

    def names(self):
        """The names of the photo files in the bucket (its keys under the site's prefix)."""
        listing = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        start = len(self.key(""))
        return {item["Key"][start:] for page in listing for item in page.get("Contents", ())}

    def head(self, name):
        return self.client.head_object(Bucket=self.name, Key=self.key(name))

    def read(self, name):
        return self.client.get_object(Bucket=self.name, Key=self.key(name))["Body"].read()

    @staticmethod
    def fetch(url):
        """What a reader's browser gets from a photo's address: the bytes and the headers."""
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.read(), response.headers


def public_read(bucket):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


def point_settings_at(settings, storage):
    """What the settings module does for ``MEDIA_STORAGE_URL`` (newsroom/settings.py), for a
    test's bucket."""
    settings.MEDIA_STORAGE = storage
    settings.MEDIA_URL = storage.media_url
    settings.STORAGES = {**settings.STORAGES, "default": storage.storage_backend()}
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **directives,
            "img-src": [*directives["img-src"], *media_storage.image_sources(storage)],
        },
    }


@pytest.fixture
def photo_bucket(s3_server, settings, monkeypatch):
    """A new bucket on the test server, and the site's photos stored in it under a prefix,
    configured through ``MEDIA_STORAGE_URL`` as a newsroom would."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    name = f"newsroom-{uuid.uuid4().hex[:12]}"
    client = s3_server.client()
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    # Readers fetch the photos without credentials, as the README asks a newsroom's bucket to
    # allow: anyone may read an object, nothing else.
    client.put_bucket_policy(Bucket=name, Policy=public_read(name))
    url = f"s3://{name}/site?endpoint_url={s3_server.url}&region={REGION}"
    storage = media_storage.from_environ({"MEDIA_STORAGE_URL": url})
    point_settings_at(settings, storage)
    return Bucket(name=name, prefix="site", storage=storage, client=client)
