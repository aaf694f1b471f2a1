"""`make images-bench`: rendition sizes of the demo article's lead photo, and how long the photo
pipeline takes for a 24-megapixel camera JPEG. Runs in memory: nothing is stored."""

import io
import random
import resource
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFilter

from articles.demo import content as demo_content
from articles.demo import pictures as demo_pictures
from articles.photos.renditions import render, rendition_plan
from articles.photos.uploads import prepare

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


def kib(n):
    return f"{n / 1024:7.1f} KB"


class Command(BaseCommand):
    help = "Print the demo lead photo's rendition sizes and the time to process a 24 MP JPEG."

    def handle(self, *args, **options):
        self.demo_lead()
        self.camera()

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
