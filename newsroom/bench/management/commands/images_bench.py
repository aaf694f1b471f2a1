"""`make images-bench`: rendition sizes of the demo article's lead photo, how long the photo
pipeline takes for a 24-megapixel camera JPEG, and how much memory a worker needs for several
such uploads at once (and keeps afterwards). Runs in memory: nothing is stored."""

import argparse
import gc
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFilter

from articles.demo import content as demo_content
from articles.demo import pictures as demo_pictures
from articles.photos.renditions import render, rendition_plan
from articles.photos.uploads import prepare, release_memory

DEMO_LEAD = "flood-bridge"  # the lead photo of the demo's flagship article
BUDGET_BYTES = 150 * 1024  # the lead photo at 1280 px in the modern format


def camera_jpeg(width=6000, height=4000, seed=4):
    """A 24-megapixel JPEG that compresses like a photo: soft shapes on gradients, plus
    sensor-like noise (about 5 MB at quality 85, as cameras write them)."""
    rng = random.Random(seed)
    small = (width // 4, height // 4)
    gradient = Image.linear_gradient("L").resize(small)
    scene = Image.merge(
        "RGB",
        (gradient, gradient.transpose(Image.Transpose.ROTATE_180), gradient.rotate(90)),
    )
    draw = ImageDraw.Draw(scene)
    for _ in range(60):
        x, y, size = rng.randrange(small[0]), rng.randrange(small[1]), rng.randrange(25, 225)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + size, y + size * 0.6), fill=colour)
    scene = scene.filter(ImageFilter.GaussianBlur(2)).resize((width, height), Image.BICUBIC)
    noise = Image.effect_noise((width, height), 60).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(scene, noise, 0.12).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def rss_mb():
    """This process's resident memory now, in MB (Linux)."""
    with open(f"/proc/{os.getpid()}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def kib(n):
    return f"{n / 1024:7.1f} KB"


class Command(BaseCommand):
    help = "Print the demo lead photo's rendition sizes and the time to process a 24 MP JPEG."

    def add_arguments(self, parser):
        parser.add_argument(
            "--uploads-at-once",
            type=int,
            default=3,
            help="How many 24 MP uploads the memory probe handles at once, in threads.",
        )
        parser.add_argument("--memory-probe", help=argparse.SUPPRESS)
        parser.add_argument("--request-only", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, uploads_at_once, memory_probe, request_only, **options):
        if memory_probe:
            return self.probe(Path(memory_probe), uploads_at_once, request_only)
        self.demo_lead()
        self.camera()
        self.memory(uploads_at_once)
        self.memory(uploads_at_once, request_only=True)

    def memory(self, uploads, request_only=False):
        """Peak and idle memory of a fresh process handling ``uploads`` camera JPEGs at once,
        the way a worker with that many threads does (the JPEG is made here, outside it).
        ``request_only``: what the editor's request does with a photo over
        NEWSROOM_RENDITIONS_LATER_PIXELS, whose renditions the background job makes."""
        with tempfile.NamedTemporaryFile(suffix=".jpg") as file:
            file.write(camera_jpeg())
            file.flush()
            command = [sys.executable, sys.argv[0], "images_bench", "--memory-probe", file.name]
            command += ["--uploads-at-once", str(uploads)]
            command += ["--request-only"] if request_only else []
            result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        what = "(the request only: renditions by the job)" if request_only else "(with renditions)"
        self.stdout.write(
            f"\n{uploads} uploads of that JPEG at once, in threads of one process {what}:"
        )
        self.stdout.write(result.stdout.rstrip())

    def probe(self, path, uploads, request_only=False):
        """Run in a fresh process: ``uploads`` threads each take the JPEG through the pipeline,
        then stay alive, idle, as a server's threads do, while this process's memory is read."""
        data = path.read_bytes()
        started_mb = rss_mb()
        errors = []
        done = threading.Semaphore(0)
        leave = threading.Event()

        def one_upload():
            try:
                # What save_photo does with an upload, without the storage and the rows.
                prepared = prepare(data, "camera.jpg")
                prepared.encode_original()
                if not request_only:
                    plan = rendition_plan("photos/bench/camera.jpg", *prepared.size)
                    for _ in render(prepared.image, plan.specs, close_source=True):
                        pass
                prepared.image.close()
                release_memory()
            except Exception as exc:  # reported below: a probe that failed measured nothing
                errors.append(exc)
            done.release()
            leave.wait()

        threads = [threading.Thread(target=one_upload) for _ in range(uploads)]
        mark = time.perf_counter()
        for thread in threads:
            thread.start()
        for _ in threads:
            done.acquire()
        seconds = time.perf_counter() - mark
        gc.collect()
        idle_mb = rss_mb()
        leave.set()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"  {'memory before (Django loaded)':42} {started_mb:6.0f} MB")
        self.stdout.write(f"  {'peak memory':42} {peak_mb:6.0f} MB")
        self.stdout.write(f"  {'memory after, threads idle':42} {idle_mb:6.0f} MB")
        self.stdout.write(f"  {'time for all of them':42} {seconds:6.2f} s")

    def demo_lead(self):
        spec = demo_content.PHOTOS[DEMO_LEAD]
        if spec.get("file"):  # the newsroom's own photograph (README, "The demo newsroom")
            path = Path(settings.BASE_DIR, spec["file"])
            prepared = prepare(path.read_bytes(), path.name)
        else:
            buffer = io.BytesIO()
            picture = demo_pictures.render_scene(spec["scene"], spec["seed"])
            picture.save(buffer, "JPEG", quality=90)
            prepared = prepare(buffer.getvalue(), f"{DEMO_LEAD}.jpg")
        plan = rendition_plan("photos/bench/demo-lead.jpg", *prepared.size)
        self.stdout.write(
            f"Demo lead photo ({DEMO_LEAD}, {prepared.size[0]} × {prepared.size[1]}): renditions"
        )
        self.stdout.write("  crop  format   width × height       size   scale+encode")
        budget = None
        started = time.perf_counter()
        for rendition, data in render(prepared.image, plan.specs):
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"  {rendition.crop:5} {rendition.format:6} {rendition.width:7} × "
                f"{rendition.height:<6} {kib(len(data))} {elapsed * 1000:6.0f} ms"
            )
            if (rendition.crop, rendition.format, rendition.width) == ("full", "avif", 1280):
                budget = len(data)
            started = time.perf_counter()
        verdict = "within" if budget is not None and budget <= BUDGET_BYTES else "OVER"
        self.stdout.write(
            f"  AVIF at 1280 px: {kib(budget or 0).strip()}, {verdict} the 150 KB budget."
        )

    def camera(self):
        data = camera_jpeg()
        self.stdout.write(f"\n24-megapixel JPEG (6000 × 4000, {len(data) / 1024 / 1024:.1f} MB):")
        steps = []
        started = time.perf_counter()
        prepared = prepare(data, "camera.jpg")
        steps.append(("check and decode, upright, sRGB", time.perf_counter() - started))
        mark = time.perf_counter()
        original, extension = prepared.encode_original()
        steps.append(
            (
                f"re-encode original ({len(original) / 1024 / 1024:.1f} MB)",
                time.perf_counter() - mark,
            )
        )
        mark = time.perf_counter()
        plan = rendition_plan(f"photos/bench/camera{extension}", *prepared.size)
        total = sum(len(rendition) for _, rendition in render(prepared.image, plan.specs))
        steps.append(
            (
                f"{len(plan.specs)} renditions ({total / 1024 / 1024:.1f} MB)",
                time.perf_counter() - mark,
            )
        )
        for label, seconds in steps:
            self.stdout.write(f"  {label:42} {seconds:6.2f} s")
        self.stdout.write(f"  {'total':42} {time.perf_counter() - started:6.2f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"  peak memory of this process: {peak:.0f} MB")
