"""Procedural stand-in "photographs" for the demo newsroom.

Pure Pillow, no network and no fonts. Every picture is drawn from simple
shapes (gradient skies, layered silhouettes, mirrored water, rain, grain)
and is fully deterministic for a given ``(scene, seed)`` pair.

Public API::

    render_scene(scene, seed, width=1600, height=1000) -> PIL.Image.Image
    scene_names() -> list[str]

Scenes are drawn at half resolution, softened, scaled up and given film
grain at full size, which keeps a 1600x1000 render well under half a
second.  ``scene == "portrait"`` renders 1000x1250 when called with the
default landscape size.  Unknown scene names fall back to a landscape.
"""

import math
import random
import zlib

from PIL import Image, ImageChops, ImageDraw, ImageFilter

__all__ = ["render_scene", "scene_names"]

# --------------------------------------------------------------------------
# Small colour and geometry helpers
# --------------------------------------------------------------------------


def _clamp(v):
    return 0 if v < 0 else 255 if v > 255 else int(v)


def _mix(a, b, t):
    return tuple(_clamp(a[i] + (b[i] - a[i]) * t) for i in range(3))


def _shade(c, f):
    if isinstance(c, int):
        return c
    return tuple(_clamp(v * f) for v in c[:3]) + tuple(c[3:])


def _jitter(c, rng, amount=8):
    return tuple(_clamp(v + rng.randint(-amount, amount)) for v in c)


def _vgradient(w, h, stops):
    """Vertical gradient through ``stops`` = [(position 0..1, rgb), ...]."""
    stops = sorted(stops)
    cols = []
    j = 0
    for y in range(h):
        t = y / (h - 1) if h > 1 else 0.0
        while j < len(stops) - 2 and t > stops[j + 1][0]:
            j += 1
        p0, c0 = stops[j]
        p1, c1 = stops[j + 1]
        u = 0.0 if p1 == p0 else min(1.0, max(0.0, (t - p0) / (p1 - p0)))
        cols.append(_mix(c0, c1, u))
    strip = Image.new("RGB", (1, h))
    strip.putdata(cols)
    return strip.resize((w, h), Image.NEAREST)


_RADIAL = None


def _radial():
    """256x256 L image: 255 in the centre falling to 0 at radius 128."""
    global _RADIAL
    if _RADIAL is None:
        g = Image.radial_gradient("L")  # 0 centre, 181 at radius 128
        _RADIAL = g.point(lambda v: _clamp(255 - v * 255 / 181))
    return _RADIAL


def _glow(img, cx, cy, rx, ry, color, strength=1.0, power=2.0):
    rx, ry = max(2, int(rx)), max(2, int(ry))
    lut = [_clamp(255 * strength * (v / 255.0) ** power) for v in range(256)]
    mask = _radial().point(lut).resize((2 * rx, 2 * ry), Image.BILINEAR)
    box = (int(cx - rx), int(cy - ry), int(cx - rx) + 2 * rx, int(cy - ry) + 2 * ry)
    img.paste(color, box, mask)


def _clouds(img, rng, n, y_range, size_range, color, blur, alpha=(90, 200), flat=(0.25, 0.5)):
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    for _ in range(n):
        cx = rng.uniform(-0.1, 1.1) * w
        cy = rng.uniform(*y_range) * h
        rx = rng.uniform(*size_range) * w
        ry = rx * rng.uniform(*flat)
        d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=rng.randint(*alpha))
    mask = mask.filter(ImageFilter.GaussianBlur(blur))
    img.paste(color, (0, 0, w, h), mask)
    return mask


def _ridge(w, base, amp, rng, step=6, octaves=3, rough=0.04):
    freqs = [rng.uniform(1.2, 2.2) * (2**k) * math.pi / w for k in range(octaves)]
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(octaves)]
    pts = []
    for x in range(-step, w + 2 * step, step):
        y = base
        for k in range(octaves):
            y += amp / (1.8**k) * math.sin(x * freqs[k] + phases[k])
        y += rng.uniform(-1, 1) * amp * rough
        pts.append((x, y))
    return pts


def _fill_below(draw, pts, bottom, color):
    draw.polygon(pts + [(pts[-1][0], bottom), (pts[0][0], bottom)], fill=color)


def _windows(draw, rng, x, top, bw, bh, spec):
    ww, wh = spec.get("w", 3), spec.get("h", 4)
    gx, gy = spec.get("gx", 4), spec.get("gy", 5)
    margin = spec.get("margin", 3)
    cols = int((bw - 2 * margin + gx) // (ww + gx))
    rows = int((bh - 2 * margin + gy) // (wh + gy))
    if cols <= 0 or rows <= 0:
        return
    ox = x + (bw - (cols * (ww + gx) - gx)) / 2.0
    p = spec.get("p", 0.0)
    lit = spec.get("lit", (235, 200, 120))
    dark = spec["color"]
    floor_lit = rng.random() < spec.get("floors", 0.0)
    for r in range(rows):
        y = top + margin + r * (wh + gy)
        row_bias = 0.35 if floor_lit and rng.random() < 0.3 else 0.0
        for c in range(cols):
            xx = ox + c * (ww + gx)
            col = _jitter(lit, rng, 18) if rng.random() < p + row_bias else _jitter(dark, rng, 6)
            draw.rectangle((xx, y, xx + ww - 1, y + wh - 1), fill=col)


def _skyline(
    draw,
    rng,
    x0,
    x1,
    ground,
    hmin,
    hmax,
    wmin,
    wmax,
    color,
    jitter=8,
    windows=None,
    roofs=("flat", "flat", "pitched", "chimney"),
    spire=0.0,
):
    x = x0 - rng.randint(0, int(wmax))
    wmin, wmax = max(2, int(wmin)), max(3, int(wmax))
    if wmax <= wmin:
        wmax = wmin + 1
    while x < x1:
        bw = rng.randint(wmin, wmax)
        bh = rng.uniform(hmin, hmax)
        top = ground - bh
        c = _jitter(color, rng, jitter)
        draw.rectangle((x, top, x + bw, ground), fill=c)
        roof = rng.choice(roofs)
        if roof == "pitched":
            ph = bw * rng.uniform(0.18, 0.4)
            draw.polygon(
                [(x - 1, top + 1), (x + bw / 2.0, top - ph), (x + bw + 1, top + 1)],
                fill=_shade(c, 0.82),
            )
        elif roof == "chimney":
            cw = max(2, int(bw * 0.1))
            for _ in range(rng.randint(1, 2)):
                cx = x + rng.uniform(0.1, 0.8) * bw
                draw.rectangle((cx, top - max(3, bh * 0.07), cx + cw, top), fill=_shade(c, 0.9))
        elif roof == "mast":
            mx = x + bw * rng.uniform(0.3, 0.7)
            draw.line((mx, top, mx, top - bh * rng.uniform(0.1, 0.25)), fill=c, width=1)
        elif roof == "stepped":
            sw = bw * rng.uniform(0.4, 0.7)
            sx = x + (bw - sw) / 2
            draw.rectangle((sx, top - bh * 0.12, sx + sw, top), fill=c)
        if spire and rng.random() < spire:
            sx = x + bw / 2.0
            sh = bh * rng.uniform(0.5, 0.9)
            sw = max(2, bw * 0.18)
            draw.rectangle((sx - sw, top - sh * 0.35, sx + sw, top), fill=c)
            draw.polygon(
                [(sx - sw, top - sh * 0.35), (sx, top - sh), (sx + sw, top - sh * 0.35)], fill=c
            )
        if windows:
            _windows(draw, rng, x, top, bw, ground - top, windows)
        x += bw + rng.randint(-2, 3)


def _reflect(
    img,
    rng,
    y0,
    top_col,
    bottom_col,
    mix=0.5,
    ripple=3,
    smear=4,
    highlights=0,
    hl_color=(220, 220, 215),
):
    """Mirror everything above ``y0`` into water below it."""
    w, h = img.size
    y0 = int(y0)
    hh = h - y0
    if hh <= 0:
        return
    src = img.crop((0, max(0, y0 - hh), w, y0)).transpose(Image.FLIP_TOP_BOTTOM)
    m = ripple * 4 + 2
    src = src.resize((w + 2 * m, hh), Image.BILINEAR)
    out = Image.new("RGB", (w, hh))
    y = 0
    while y < hh:
        sh = rng.randint(1, 3) + y // 60
        amp = ripple * (0.5 + 2.5 * y / hh)
        off = int(rng.uniform(-1, 1) * amp)
        out.paste(src.crop((0, y, w + 2 * m, min(hh, y + sh))), (off - m, y))
        y += sh
    if smear > 1:
        out = out.resize((w, max(1, hh // smear)), Image.BILINEAR).resize((w, hh), Image.BILINEAR)
    water = _vgradient(w, hh, [(0.0, top_col), (1.0, bottom_col)])
    out = Image.blend(out, water, mix)
    if highlights:
        mask = Image.new("L", (w, hh), 0)
        d = ImageDraw.Draw(mask)
        for _ in range(highlights):
            yy = rng.uniform(0, 1) ** 1.5 * hh
            ln = rng.uniform(0.01, 0.08) * w * (0.4 + yy / hh)
            xx = rng.uniform(-0.05, 1.0) * w
            d.line((xx, yy, xx + ln, yy), fill=rng.randint(30, 110), width=1)
        mask = mask.filter(ImageFilter.GaussianBlur(0.7))
        out.paste(hl_color, (0, 0, w, hh), mask)
    img.paste(out, (0, y0))


def _rain(img, rng, n, color=(210, 215, 220), angle=0.18, length=(8, 22), alpha=(25, 90)):
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    for _ in range(n):
        x = rng.uniform(-0.1, 1.1) * w
        y = rng.uniform(-0.05, 1.0) * h
        ln = rng.uniform(*length)
        d.line((x, y, x + ln * angle, y + ln), fill=rng.randint(*alpha), width=1)
    mask = mask.filter(ImageFilter.GaussianBlur(0.5))
    img.paste(color, (0, 0, w, h), mask)


def _person(draw, x, feet, hgt, color, rng, head=None, legs=True, umbrella=None):
    """A simple standing figure; ``feet`` is the y of the soles."""
    head = head or color
    hr = hgt * 0.068
    hy = feet - hgt + hr
    sy = hy + hr * 1.35
    sw = hgt * rng.uniform(0.11, 0.14)
    hip = feet - hgt * 0.47
    draw.ellipse((x - sw, sy - hgt * 0.02, x + sw, sy + hgt * 0.1), fill=color)
    bottom = hip + hgt * 0.03 if legs else feet
    draw.polygon(
        [
            (x - sw, sy + hgt * 0.04),
            (x + sw, sy + hgt * 0.04),
            (x + sw * 0.8, bottom),
            (x - sw * 0.8, bottom),
        ],
        fill=color,
    )
    if legs:
        lw = sw * 0.42
        spread = rng.uniform(-0.03, 0.05) * hgt
        draw.polygon(
            [
                (x - sw * 0.78, hip),
                (x - 0.02 * hgt, hip),
                (x - lw * 0.2 + spread * 0.2, feet),
                (x - lw * 1.3 - spread, feet),
            ],
            fill=_shade(color, 0.8),
        )
        draw.polygon(
            [
                (x + 0.02 * hgt, hip),
                (x + sw * 0.78, hip),
                (x + lw * 1.3 + spread, feet),
                (x + lw * 0.2, feet),
            ],
            fill=_shade(color, 0.8),
        )
    draw.rectangle((x - hr * 0.45, hy + hr * 0.6, x + hr * 0.45, sy + 1), fill=head)
    draw.ellipse((x - hr * 0.85, hy - hr, x + hr * 0.85, hy + hr), fill=head)
    if umbrella:
        ur = hgt * 0.2
        uy = hy - hr * 1.2
        draw.pieslice((x - ur, uy - ur * 0.7, x + ur, uy + ur * 0.7), 180, 360, fill=umbrella)
        draw.line((x, uy, x, sy + hgt * 0.1), fill=_shade(umbrella, 0.6), width=1)


def _bokeh(img, rng, n, colors, r_range, alpha=(30, 110), blur=2.0, area=(0, 0, 1, 1)):
    w, h = img.size
    for col in colors:
        mask = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(mask)
        for _ in range(max(1, n // len(colors))):
            r = rng.uniform(*r_range) * w
            cx = rng.uniform(area[0], area[2]) * w
            cy = rng.uniform(area[1], area[3]) * h
            d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rng.randint(*alpha))
        img.paste(col, (0, 0, w, h), mask.filter(ImageFilter.GaussianBlur(blur)))


def _speckle(rng, w, h, palette, base, mix=0.55):
    """Blocky random colour texture (crowds in stands, produce, foliage)."""
    w, h = max(1, int(w)), max(1, int(h))
    raw = rng.randbytes(w * h)
    cols = [palette[b % len(palette)] for b in raw]
    im = Image.new("RGB", (w, h))
    im.putdata(cols)
    return Image.blend(im, Image.new("RGB", (w, h), base), mix)


# --------------------------------------------------------------------------
# Scenes.  Each takes (rng, w, h) at working resolution and returns RGB.
# --------------------------------------------------------------------------


def _overcast_sky(rng, w, h, horizon=0.55, dark=(78, 84, 92), light=(168, 170, 168)):
    img = _vgradient(w, h, [(0.0, dark), (horizon, light), (1.0, _shade(light, 0.9))])
    _clouds(
        img,
        rng,
        45,
        (-0.1, horizon * 0.7),
        (0.06, 0.22),
        _shade(dark, 0.85),
        blur=w * 0.025,
        alpha=(70, 190),
    )
    _clouds(
        img,
        rng,
        20,
        (horizon * 0.4, horizon * 0.95),
        (0.08, 0.25),
        _mix(light, (230, 228, 220), 0.4),
        blur=w * 0.03,
        alpha=(30, 110),
        flat=(0.12, 0.25),
    )
    return img


def _fair_sky(rng, w, h, horizon=0.6, top=(92, 138, 190), low=(205, 214, 220)):
    img = _vgradient(w, h, [(0.0, top), (horizon, low), (1.0, low)])
    shadow = _mix(low, (150, 158, 170), 0.6)
    for _ in range(rng.randint(3, 6)):
        cx = rng.uniform(0, 1) * w
        cy = rng.uniform(0.08, horizon * 0.75) * h
        sc = rng.uniform(0.5, 1.2) * (0.5 + cy / (horizon * h))
        mask = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(mask)
        for _ in range(rng.randint(6, 12)):
            rx = rng.uniform(0.03, 0.08) * w * sc
            ox = rng.uniform(-0.12, 0.12) * w * sc
            oy = rng.uniform(-0.03, 0.01) * h * sc
            d.ellipse(
                (cx + ox - rx, cy + oy - rx * 0.7, cx + ox + rx, cy + oy + rx * 0.6),
                fill=rng.randint(150, 235),
            )
        d.rectangle((0, cy + 0.015 * h * sc, w, h), fill=0)
        soft = mask.filter(ImageFilter.GaussianBlur(w * 0.008))
        under = mask.transform(mask.size, Image.AFFINE, (1, 0, 0, 0, 1, -h * 0.012)).filter(
            ImageFilter.GaussianBlur(w * 0.01)
        )
        img.paste((250, 250, 248), (0, 0, w, h), soft)
        img.paste(shadow, (0, 0, w, h), under.point(lambda v: v // 3))
    return img


def _scene_flood(rng, w, h):
    if rng.random() < 0.5:
        return _scene_street(rng, w, h, mood="flood")
    horizon = int(h * rng.uniform(0.5, 0.55))
    img = _overcast_sky(rng, w, h, horizon / h)
    d = ImageDraw.Draw(img)
    _skyline(
        d,
        rng,
        0,
        w,
        horizon,
        h * 0.05,
        h * 0.15,
        w * 0.03,
        w * 0.07,
        (132, 136, 140),
        jitter=4,
        spire=0.12,
    )
    win = {"color": (70, 62, 58), "w": 3, "h": 4, "gx": 5, "gy": 6, "p": 0.08}
    _skyline(
        d,
        rng,
        0,
        w,
        horizon + h * 0.015,
        h * 0.07,
        h * 0.17,
        w * 0.04,
        w * 0.09,
        (116, 86, 72),
        windows=win,
        roofs=("pitched", "flat", "chimney", "pitched"),
    )
    # trees along the bank
    for _ in range(rng.randint(6, 12)):
        tx = rng.uniform(0, w)
        tr = rng.uniform(0.02, 0.045) * w
        d.ellipse(
            (tx - tr, horizon - tr * 1.6, tx + tr, horizon + tr * 0.2),
            fill=_jitter((62, 70, 58), rng, 6),
        )
    water_y = horizon + int(h * 0.03)
    # stone bridge, its arches nearly swallowed by the river
    deck_top = water_y - h * rng.uniform(0.11, 0.14)
    deck_bot = deck_top + h * 0.03
    stone = (118, 112, 100)
    span = w * rng.uniform(0.24, 0.34)
    pier = span * 0.16
    x = -rng.uniform(0, span)
    d.rectangle((-5, deck_top - h * 0.018, w + 5, deck_bot), fill=stone)
    d.line(
        (-5, deck_top - h * 0.018, w + 5, deck_top - h * 0.018), fill=_shade(stone, 1.15), width=2
    )
    while x < w + span:
        a, b = x + pier / 2, x + span - pier / 2
        mid, half = (a + b) / 2, (b - a) / 2
        arch_h = (water_y - deck_bot) * 0.8
        pts = [(a, deck_bot - 1), (b, deck_bot - 1), (b, water_y)]
        for k in range(21):
            xx = b - (b - a) * k / 20.0
            u = (xx - mid) / half
            pts.append((xx, water_y - arch_h * math.sqrt(max(0.0, 1 - u * u))))
        pts.append((a, water_y))
        d.polygon(pts, fill=_jitter(stone, rng, 4))
        d.rectangle(
            (x + span - pier / 2, deck_bot - 1, x + span + pier / 2, water_y),
            fill=_shade(stone, 0.92),
        )
        x += span
    for _ in range(rng.randint(3, 7)):
        px = rng.uniform(0.05, 0.95) * w
        ph = h * rng.uniform(0.055, 0.07)
        col = _jitter((40, 42, 48), rng, 8)
        umb = (
            rng.choice([None, (40, 40, 60), (130, 30, 35), (30, 60, 90)])
            if rng.random() < 0.5
            else None
        )
        _person(d, px, deck_top - h * 0.012, ph, col, rng, umbrella=umb)
    _reflect(
        img,
        rng,
        water_y,
        (110, 100, 82),
        (84, 74, 58),
        mix=0.62,
        ripple=3,
        smear=5,
        highlights=120,
        hl_color=(170, 165, 150),
    )
    d = ImageDraw.Draw(img)
    # debris on the current
    for _ in range(rng.randint(10, 25)):
        dx = rng.uniform(0, w)
        dy = rng.uniform(water_y + 3, h)
        s = (dy - water_y) / (h - water_y) * w * 0.012 + 1
        d.ellipse(
            (dx - s * 1.8, dy - s * 0.35, dx + s * 1.8, dy + s * 0.35),
            fill=_jitter((70, 58, 42), rng, 10),
        )
    # a submerged lamp post and railings in the foreground
    lx = w * rng.choice([rng.uniform(0.06, 0.22), rng.uniform(0.78, 0.94)])
    base = h * 0.9
    top = h * 0.38
    d.rectangle((lx - w * 0.004, top, lx + w * 0.004, base), fill=(28, 30, 32))
    d.polygon(
        [
            (lx - w * 0.012, top),
            (lx + w * 0.012, top),
            (lx + w * 0.008, top - h * 0.04),
            (lx - w * 0.008, top - h * 0.04),
        ],
        fill=(34, 36, 38),
    )
    d.rectangle((lx - w * 0.005, base, lx + w * 0.005, base + h * 0.06), fill=(50, 48, 44))
    ry = h * rng.uniform(0.8, 0.86)
    d.line((0, ry, w, ry + h * 0.02), fill=(35, 36, 38), width=max(2, h // 200))
    for k in range(0, w, max(6, w // 40)):
        yy = ry + h * 0.02 * k / w
        d.line((k, yy, k, yy + h * 0.03), fill=(35, 36, 38), width=max(1, w // 400))
    _rain(img, rng, int(w * h / 250), angle=0.12)
    return img


def _scene_street(rng, w, h, mood=None):
    mood = mood or rng.choice(["day", "rain", "day"])
    night = mood == "night"
    vx = w * rng.uniform(0.42, 0.58)
    vy = h * rng.uniform(0.44, 0.5)
    yg = h * 1.12  # ground level on the near plane
    xl, xr = -w * 0.06, w * 1.06  # facade planes on the near plane
    kl = xl + (xr - xl) * 0.17
    kr = xr - (xr - xl) * 0.17
    zfar = rng.uniform(5.0, 7.0)
    hw = h * 0.15 if mood == "flood" else 0.0
    yw = yg - hw

    if night:
        img = _vgradient(w, h, [(0, (8, 12, 28)), (0.45, (30, 40, 70)), (1, (14, 16, 24))])
    elif mood == "day":
        img = _fair_sky(rng, w, h, horizon=0.5)
    else:
        img = _overcast_sky(rng, w, h, 0.5)

    def s_of(z):
        return 1.0 / (1.0 + z)

    def build(mirror):
        canvas = (
            img.copy()
            if not mirror
            else _vgradient(
                w,
                h,
                [
                    (0, (170, 172, 170) if not night else (30, 36, 60)),
                    (vy / h, (170, 172, 170) if not night else (30, 36, 60)),
                    (1, (70, 74, 80) if not night else (10, 12, 20)),
                ],
            )
        )
        d = ImageDraw.Draw(canvas)

        def P(xn, yn, z):
            s = s_of(z)
            if mirror:
                yn = 2 * yw - yn
            return (vx + (xn - vx) * s, vy + (yn - vy) * s)

        local = random.Random(seed_state)  # same geometry for the mirror pass
        palette = [
            (150, 104, 84),
            (170, 150, 120),
            (120, 88, 72),
            (190, 182, 165),
            (96, 84, 80),
            (160, 120, 96),
            (140, 140, 135),
        ]
        lit = 0.55 if night else 0.06
        lamp_pts = []
        for side, xp in (("l", xl), ("r", xr)):
            z = -0.2
            while z < zfar:
                dz = local.uniform(0.35, 1.1)
                hgt = local.uniform(0.65, 1.25) * h
                col = _jitter(local.choice(palette), local, 10)
                if night:
                    col = _shade(col, 0.22)
                elif mood in ("rain", "flood"):
                    col = _shade(col, 0.8)
                if side == "r":
                    col = _shade(col, 0.85)
                top = yg - hgt
                z1 = min(zfar, z + dz)
                d.polygon([P(xp, yg, z), P(xp, top, z), P(xp, top, z1), P(xp, yg, z1)], fill=col)
                d.polygon(
                    [
                        P(xp, top, z),
                        P(xp, top + h * 0.03, z),
                        P(xp, top + h * 0.03, z1),
                        P(xp, top, z1),
                    ],
                    fill=_shade(col, 0.8),
                )
                floor_h = h * 0.2
                floors = int((hgt - floor_h * 1.2) // floor_h)
                ncol = max(1, int(dz / 0.28))
                wincol = _shade(col, 0.55) if not night else (22, 24, 30)
                for f in range(floors):
                    y1 = top + h * 0.07 + f * floor_h
                    y2 = y1 + floor_h * 0.55
                    for c in range(ncol):
                        za = z + dz * (c + 0.25) / ncol
                        zb = z + dz * (c + 0.75) / ncol
                        if zb > zfar:
                            continue
                        wc = (
                            _jitter((236, 196, 120), local, 15)
                            if local.random() < lit
                            else _jitter(wincol, local, 5)
                        )
                        d.polygon(
                            [P(xp, y1, za), P(xp, y1, zb), P(xp, y2, zb), P(xp, y2, za)], fill=wc
                        )
                # shopfront with fascia
                fy = yg - h * 0.3
                fascia = _jitter(
                    local.choice(
                        [(40, 60, 50), (120, 30, 40), (30, 40, 70), (200, 190, 170), (20, 20, 22)]
                    ),
                    local,
                    10,
                )
                if night:
                    fascia = _shade(fascia, 0.5)
                za, zb = z + dz * 0.06, min(zfar, z + dz * 0.94)
                if zb > za:
                    d.polygon(
                        [
                            P(xp, fy, za),
                            P(xp, fy, zb),
                            P(xp, fy + h * 0.05, zb),
                            P(xp, fy + h * 0.05, za),
                        ],
                        fill=fascia,
                    )
                    glass = (
                        (196, 156, 100)
                        if night and local.random() < 0.6
                        else _mix(col, (200, 205, 210), 0.35)
                        if not night
                        else (30, 34, 44)
                    )
                    d.polygon(
                        [
                            P(xp, fy + h * 0.07, za),
                            P(xp, fy + h * 0.07, zb),
                            P(xp, yg - h * 0.03, zb),
                            P(xp, yg - h * 0.03, za),
                        ],
                        fill=glass,
                    )
                z = z1
            # lamp posts along the kerb
            kx = kl + w * 0.02 if side == "l" else kr - w * 0.02
            z = local.uniform(0.2, 0.8)
            while z < zfar * 0.9:
                lamp_pts.append((kx, z))
                z += local.uniform(1.0, 1.6)
        # far block closing the street
        ftop = yg - local.uniform(0.7, 1.1) * h
        fcol = _shade(_jitter((140, 130, 120), local, 10), 0.3 if night else 0.85)
        a = P(xl, ftop, zfar)
        b = P(xr, yg, zfar)
        fx0, fx1 = sorted((a[0], b[0]))
        fy0, fy1 = sorted((a[1], b[1]))
        d.rectangle((fx0, fy0, fx1, fy1), fill=fcol)
        step = max(3, int((fx1 - fx0) / 24))
        for gy_ in range(int(fy0) + 2, int(fy1) - step, step):
            for gx_ in range(int(fx0) + 2, int(fx1) - 2, step):
                wc = (
                    _jitter((236, 196, 120), local, 12)
                    if night and local.random() < 0.4
                    else _shade(fcol, 0.7)
                )
                d.rectangle((gx_, gy_, gx_ + step // 2, gy_ + step // 2), fill=wc)
        # pavements and road (under water / not reflected in the mirror pass)
        cx = (kl + kr) / 2
        if not mirror:
            pave = (120, 118, 112) if not night else (26, 26, 30)
            road = (78, 78, 80) if mood == "day" else (62, 62, 66) if not night else (18, 18, 22)
            d.polygon(
                [P(xl, yg, -0.3), P(kl, yg, -0.3), P(kl, yg, zfar), P(xl, yg, zfar)], fill=pave
            )
            d.polygon(
                [P(kr, yg, -0.3), P(xr, yg, -0.3), P(xr, yg, zfar), P(kr, yg, zfar)],
                fill=_shade(pave, 0.92),
            )
            d.polygon(
                [P(kl, yg, -0.3), P(kr, yg, -0.3), P(kr, yg, zfar), P(kl, yg, zfar)], fill=road
            )
            for kx in (kl, kr):
                d.line([P(kx, yg, -0.3), P(kx, yg, zfar)], fill=_shade(pave, 1.2), width=2)
            z = -0.3
            while z < zfar:
                d.polygon(
                    [
                        P(cx - w * 0.006, yg, z),
                        P(cx + w * 0.006, yg, z),
                        P(cx + w * 0.006, yg, z + 0.18),
                        P(cx - w * 0.006, yg, z + 0.18),
                    ],
                    fill=(200, 200, 190) if not night else (70, 70, 70),
                )
                z += 0.45
        # lamp posts
        for kx, z in lamp_pts:
            p0 = P(kx, yg, z)
            p1 = P(kx, yg - h * 0.75, z)
            s = s_of(z)
            d.line([p0, p1], fill=(30, 32, 34), width=max(1, int(5 * s)))
            arm = w * 0.05 * (1 if kx < cx else -1)
            p2 = P(kx + arm, yg - h * 0.75, z)
            d.line([p1, p2], fill=(30, 32, 34), width=max(1, int(4 * s)))
        return canvas, lamp_pts

    seed_state = rng.random()
    base, lamps = build(False)
    img = base
    d = ImageDraw.Draw(img)

    def P(xn, yn, z):
        s = s_of(z)
        return (vx + (xn - vx) * s, vy + (yn - vy) * s)

    if night:
        for kx, z in lamps:
            arm = w * 0.05 * (1 if kx < (kl + kr) / 2 else -1)
            p = P(kx + arm, yg - h * 0.74, z)
            s = s_of(z)
            _glow(img, p[0], p[1], w * 0.09 * s + 4, w * 0.09 * s + 4, (255, 196, 120), 0.9)
            _glow(img, p[0], p[1], w * 0.02 * s + 2, w * 0.02 * s + 2, (255, 240, 210), 1.0)

    if mood == "flood" or night or mood == "rain":
        mirror, _ = build(True)
        if night:
            for kx, z in lamps:
                arm = w * 0.05 * (1 if kx < (kl + kr) / 2 else -1)
                p = P(kx + arm, 2 * yw - (yg - h * 0.74), z)
                s = s_of(z)
                _glow(mirror, p[0], p[1], w * 0.05 * s + 3, w * 0.12 * s + 5, (255, 190, 110), 0.8)
        mask = Image.new("L", (w, h), 0)
        md = ImageDraw.Draw(mask)
        if mood == "flood":
            md.polygon(
                [
                    (0, h),
                    P(xl, yw, -0.3),
                    P(xl, yw, zfar),
                    P(xr, yw, zfar),
                    P(xr, yw, -0.3),
                    (w, h),
                ],
                fill=255,
            )
            tint, amount = (112, 96, 70), 0.5
        else:
            md.polygon(
                [P(kl, yg, -0.3), P(kl, yg, zfar), P(kr, yg, zfar), P(kr, yg, -0.3)],
                fill=140 if night else 80,
            )
            tint, amount = (40, 40, 46), 0.5
        mirror = mirror.resize((w, h // (3 if mood == "flood" else 4)), Image.BILINEAR).resize(
            (w, h), Image.BILINEAR
        )
        mirror = Image.blend(mirror, Image.new("RGB", (w, h), tint), amount)
        img.paste(mirror, (0, 0), mask.filter(ImageFilter.GaussianBlur(1.5)))
        d = ImageDraw.Draw(img)
        if mood == "flood":
            hm = Image.new("L", (w, h), 0)
            hd = ImageDraw.Draw(hm)
            for _ in range(320):
                z = rng.uniform(-0.3, zfar) ** 1.0
                xn = rng.uniform(xl, xr)
                p = P(xn, yw, z)
                ln = w * 0.05 * s_of(z)
                hd.line((p[0], p[1], p[0] + ln, p[1]), fill=rng.randint(30, 100))
            img.paste((190, 184, 170), (0, 0, w, h), hm.filter(ImageFilter.GaussianBlur(0.6)))

    # people on the pavements (or wading in the flood)
    n_people = rng.randint(5, 14)
    people = []
    for _ in range(n_people):
        z = rng.uniform(0.3, zfar * 0.8)
        side = rng.random()
        xn = (
            rng.uniform(xl + w * 0.03, kl - w * 0.01)
            if side < 0.45
            else (rng.uniform(kr + w * 0.01, xr - w * 0.03) if side < 0.9 else rng.uniform(kl, kr))
        )
        people.append((z, xn))
    for z, xn in sorted(people, reverse=True):
        s = s_of(z)
        feet = P(xn, yg, z)
        hgt = h * 0.55 * s
        col = _jitter((40, 40, 46), rng, 14) if not night else (12, 12, 16)
        if not night and rng.random() < 0.3:
            col = _jitter(
                rng.choice([(120, 40, 40), (40, 70, 110), (160, 150, 60), (60, 90, 60)]), rng, 12
            )
        umb = None
        if mood in ("rain", "flood") and rng.random() < 0.5:
            umb = _jitter(
                rng.choice([(25, 25, 30), (40, 50, 90), (140, 30, 40), (30, 80, 60)]), rng, 8
            )
        if mood == "flood":
            # only draw above the water line
            layer = Image.new("L", (w, h), 0)
            ld = ImageDraw.Draw(layer)
            _person(ld, feet[0], feet[1], hgt, 255, rng, umbrella=255 if umb else None)
            wl = P(xn, yw, z)[1]
            ld.rectangle((0, wl, w, h), fill=0)
            img.paste(col, (0, 0, w, h), layer)
        else:
            _person(d, feet[0], feet[1], hgt, col, rng, umbrella=umb)
    if mood in ("rain", "flood"):
        _rain(img, rng, int(w * h / 220), angle=0.1)
    return img


def _scene_skyline(rng, w, h, night=False):
    horizon = int(h * rng.uniform(0.55, 0.62))
    if night:
        img = _vgradient(
            w,
            h,
            [
                (0, (6, 10, 26)),
                (horizon / h * 0.8, (28, 38, 70)),
                (horizon / h, (58, 60, 84)),
                (1, (10, 12, 22)),
            ],
        )
        _clouds(img, rng, 20, (0.05, 0.4), (0.1, 0.3), (40, 44, 64), blur=w * 0.03, alpha=(40, 120))
    else:
        img = _fair_sky(rng, w, h, horizon=horizon / h, top=(96, 140, 188), low=(210, 214, 216))
    d = ImageDraw.Draw(img)
    far = (40, 48, 74) if night else (150, 162, 178)
    mid = (26, 30, 46) if night else (118, 124, 134)
    near = (14, 16, 24) if night else (92, 88, 86)
    lit = (250, 214, 140)
    _skyline(
        d,
        rng,
        0,
        w,
        horizon - h * 0.01,
        h * 0.1,
        h * 0.32,
        w * 0.025,
        w * 0.06,
        far,
        jitter=5,
        windows={
            "color": _shade(far, 0.9),
            "lit": lit,
            "p": 0.35 if night else 0.0,
            "w": 2,
            "h": 2,
            "gx": 3,
            "gy": 3,
        },
        roofs=("flat", "mast", "stepped", "flat"),
    )
    _skyline(
        d,
        rng,
        0,
        w,
        horizon,
        h * 0.06,
        h * 0.22,
        w * 0.04,
        w * 0.09,
        mid,
        jitter=6,
        windows={
            "color": _shade(mid, 0.8) if not night else (20, 22, 30),
            "lit": lit,
            "p": 0.4 if night else 0.03,
            "w": 3,
            "h": 3,
            "gx": 4,
            "gy": 5,
            "floors": 0.3,
        },
        roofs=("flat", "flat", "stepped", "pitched"),
        spire=0.05,
    )
    # a glass tower or two catching the light
    for _ in range(rng.randint(1, 3)):
        tx = rng.uniform(0.05, 0.9) * w
        tw = rng.uniform(0.04, 0.07) * w
        th = rng.uniform(0.3, 0.45) * h
        gl = _vgradient(
            int(tw),
            int(th),
            [
                (0, (150, 180, 205) if not night else (30, 40, 70)),
                (1, (80, 100, 120) if not night else (15, 18, 30)),
            ],
        )
        img.paste(gl, (int(tx), int(horizon - th)))
        d.rectangle(
            (tx, horizon - th, tx + tw * 0.25, horizon),
            fill=(110, 130, 150) if not night else (20, 24, 40),
        )
        if night:
            _windows(
                d,
                rng,
                tx,
                horizon - th,
                tw,
                th,
                {
                    "color": (24, 30, 50),
                    "lit": (200, 220, 250),
                    "p": 0.45,
                    "w": 2,
                    "h": 2,
                    "gx": 2,
                    "gy": 3,
                },
            )
        else:
            for k in range(int(th // 6)):
                d.line(
                    (tx, horizon - th + k * 6, tx + tw, horizon - th + k * 6), fill=(95, 115, 135)
                )
    # embankment with lamps
    d.rectangle((0, horizon, w, horizon + h * 0.02), fill=near)
    lamps = []
    x = rng.uniform(0, w * 0.05)
    while x < w:
        d.line((x, horizon, x, horizon - h * 0.035), fill=near, width=1)
        lamps.append(x)
        x += w * rng.uniform(0.05, 0.08)
    if night:
        for lx in lamps:
            _glow(img, lx, horizon - h * 0.035, w * 0.018, w * 0.018, (255, 200, 130), 1.0)
    _reflect(
        img,
        rng,
        horizon + h * 0.02,
        (24, 30, 52) if night else (104, 120, 136),
        (8, 10, 20) if night else (70, 82, 96),
        mix=0.35 if night else 0.5,
        ripple=4,
        smear=8,
        highlights=60 if not night else 20,
        hl_color=(220, 225, 230) if not night else (250, 210, 150),
    )
    return img


def _scene_city(rng, w, h):
    if rng.random() < 0.3:
        return _scene_street(rng, w, h, mood="day")
    return _scene_skyline(rng, w, h, night=False)


def _scene_night(rng, w, h):
    if rng.random() < 0.5:
        return _scene_street(rng, w, h, mood="night")
    return _scene_skyline(rng, w, h, night=True)


def _scene_parliament(rng, w, h):
    water = int(h * rng.uniform(0.66, 0.72))
    warm = rng.random() < 0.5
    if warm:
        img = _vgradient(w, h, [(0, (90, 118, 160)), (0.55, (226, 200, 168)), (1, (200, 180, 160))])
        _clouds(
            img,
            rng,
            16,
            (0.05, 0.4),
            (0.08, 0.2),
            (236, 196, 170),
            blur=w * 0.02,
            alpha=(50, 150),
            flat=(0.12, 0.22),
        )
    else:
        img = _fair_sky(rng, w, h, horizon=water / h)
    d = ImageDraw.Draw(img)
    stone = (196, 172, 126) if warm else (176, 162, 128)
    shadow = _shade(stone, 0.72)
    wall = water - h * 0.04
    ftop = wall - h * 0.2
    d.rectangle((-5, ftop, w + 5, wall), fill=stone)
    bay = w * rng.uniform(0.017, 0.022)
    x = -rng.uniform(0, bay)
    i = 0
    while x < w + bay:
        d.rectangle(
            (x - bay * 0.09, ftop - h * 0.025, x + bay * 0.09, wall), fill=_shade(stone, 1.06)
        )
        d.polygon(
            [
                (x - bay * 0.12, ftop - h * 0.025),
                (x, ftop - h * 0.05),
                (x + bay * 0.12, ftop - h * 0.025),
            ],
            fill=_shade(stone, 1.06),
        )
        for _tier, (ya, yb) in enumerate(
            ((ftop + h * 0.025, ftop + h * 0.08), (ftop + h * 0.105, ftop + h * 0.165))
        ):
            wx0, wx1 = x + bay * 0.28, x + bay * 0.72
            d.rectangle((wx0, ya + (wx1 - wx0) / 2, wx1, yb), fill=shadow)
            d.ellipse((wx0, ya, wx1, ya + (wx1 - wx0)), fill=shadow)
        x += bay
        i += 1
    for yy in (ftop + h * 0.09, ftop + h * 0.175):
        d.line((0, yy, w, yy), fill=_shade(stone, 1.12), width=1)

    def tower(cx, tw, top, clock=False):
        d.rectangle((cx - tw / 2, top + tw * 0.6, cx + tw / 2, wall), fill=_shade(stone, 1.02))
        d.rectangle((cx + tw * 0.15, top + tw * 0.6, cx + tw / 2, wall), fill=_shade(stone, 0.85))
        for k in range(int((wall - top) / (tw * 0.9))):
            yy = top + tw * 1.4 + k * tw * 0.9
            if yy > wall - tw * 0.5:
                break
            d.rectangle((cx - tw * 0.2, yy, cx + tw * 0.1, yy + tw * 0.5), fill=shadow)
        if clock:
            cy = top + tw * 1.5
            r = tw * 0.36
            d.rectangle(
                (cx - tw * 0.55, cy - tw * 0.55, cx + tw * 0.55, cy + tw * 0.55),
                fill=_shade(stone, 1.05),
            )
            d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(232, 226, 204))
            d.line((cx, cy, cx + r * 0.5, cy - r * 0.5), fill=(30, 30, 30), width=1)
            d.line((cx, cy, cx, cy - r * 0.8), fill=(30, 30, 30), width=1)
            d.polygon(
                [
                    (cx - tw * 0.5, cy - tw * 0.55),
                    (cx, top - tw * 1.6),
                    (cx + tw * 0.5, cy - tw * 0.55),
                ],
                fill=(70, 76, 70),
            )
            d.line((cx, top - tw * 1.6, cx, top - tw * 2.0), fill=(60, 60, 60), width=1)
        else:
            for dx in (-0.5, 0.5):
                d.rectangle(
                    (cx + dx * tw - tw * 0.07, top, cx + dx * tw + tw * 0.07, top + tw * 0.7),
                    fill=_shade(stone, 1.05),
                )
            d.line((cx, top + tw * 0.6, cx, top - tw * 0.9), fill=(60, 60, 60), width=1)
            fcol = rng.choice([(180, 40, 44), (30, 60, 140), (230, 230, 230)])
            d.polygon(
                [(cx, top - tw * 0.9), (cx + tw * 0.5, top - tw * 0.8), (cx, top - tw * 0.7)],
                fill=fcol,
            )

    tower(w * rng.uniform(0.12, 0.3), w * 0.05, h * rng.uniform(0.12, 0.18), clock=True)
    tower(w * rng.uniform(0.75, 0.88), w * 0.085, h * rng.uniform(0.12, 0.2))
    # embankment wall and lamps
    d.rectangle((-5, wall, w + 5, water), fill=(112, 108, 98))
    d.line((-5, wall, w + 5, wall), fill=(150, 146, 134), width=2)
    x = rng.uniform(0, w * 0.06)
    while x < w:
        d.line((x, wall, x, wall - h * 0.04), fill=(40, 42, 40), width=1)
        d.ellipse((x - 2, wall - h * 0.045, x + 2, wall - h * 0.035), fill=(60, 60, 50))
        x += w * 0.07
    _reflect(
        img, rng, water, (96, 106, 108), (62, 70, 74), mix=0.48, ripple=3, smear=6, highlights=90
    )
    d = ImageDraw.Draw(img)
    if rng.random() < 0.6:
        bx = rng.uniform(0.1, 0.7) * w
        by = water + h * rng.uniform(0.06, 0.12)
        bl = w * 0.2
        d.polygon(
            [
                (bx, by - h * 0.03),
                (bx + bl, by - h * 0.03),
                (bx + bl * 0.95, by),
                (bx + bl * 0.05, by),
            ],
            fill=(230, 228, 220),
        )
        d.rectangle(
            (bx + bl * 0.15, by - h * 0.055, bx + bl * 0.8, by - h * 0.03), fill=(220, 218, 210)
        )
        for k in range(10):
            wx = bx + bl * (0.18 + k * 0.06)
            d.rectangle((wx, by - h * 0.05, wx + bl * 0.035, by - h * 0.037), fill=(60, 70, 80))
        d.line((bx + bl * 0.05, by, bx + bl * 0.95, by), fill=(40, 50, 80), width=2)
    return img


def _scene_market(rng, w, h):
    img = (
        _fair_sky(rng, w, h, horizon=0.55)
        if rng.random() < 0.6
        else _overcast_sky(rng, w, h, 0.55, dark=(120, 126, 134), light=(200, 200, 196))
    )
    d = ImageDraw.Draw(img)
    ground = h * 0.62
    _skyline(
        d,
        rng,
        0,
        w,
        ground,
        h * 0.38,
        h * 0.52,
        w * 0.12,
        w * 0.2,
        (170, 140, 112),
        jitter=18,
        windows={
            "color": (70, 66, 70),
            "w": int(w * 0.018),
            "h": int(h * 0.05),
            "gx": int(w * 0.025),
            "gy": int(h * 0.04),
            "margin": int(h * 0.04),
            "p": 0.0,
        },
        roofs=("flat", "pitched", "chimney"),
    )
    d.rectangle((0, ground, w, h), fill=(128, 124, 118))
    for k in range(18):
        yy = ground + (h - ground) * (k / 18.0) ** 1.6
        d.line((0, yy, w, yy), fill=(116, 112, 106), width=1)
    stripes = [
        ((190, 40, 45), (235, 232, 222)),
        ((40, 110, 70), (230, 228, 210)),
        ((30, 70, 140), (235, 235, 230)),
        ((220, 170, 40), (240, 236, 220)),
        ((120, 40, 100), (235, 225, 230)),
    ]
    produce = [
        (230, 130, 30),
        (200, 40, 40),
        (100, 150, 50),
        (240, 200, 60),
        (120, 60, 120),
        (170, 190, 80),
        (210, 90, 60),
    ]
    x = -rng.uniform(0, w * 0.1)
    while x < w:
        sw = w * rng.uniform(0.15, 0.24)
        a_top = ground - h * rng.uniform(0.16, 0.2)
        a_bot = a_top + h * 0.07
        c1, c2 = rng.choice(stripes)
        # dark interior under the awning
        d.rectangle((x + sw * 0.04, a_bot, x + sw * 0.96, ground + h * 0.02), fill=(44, 40, 38))
        n = 8
        for k in range(n):
            xa = x + sw * k / n
            xb = x + sw * (k + 1) / n
            d.polygon(
                [(xa + sw * 0.02, a_top), (xb + sw * 0.02, a_top), (xb, a_bot), (xa, a_bot)],
                fill=c1 if k % 2 == 0 else c2,
            )
            d.pieslice(
                (xa, a_bot - (xb - xa) * 0.5, xb, a_bot + (xb - xa) * 0.5),
                0,
                180,
                fill=c1 if k % 2 == 0 else c2,
            )
        for px in (x + sw * 0.05, x + sw * 0.95):
            d.line((px, a_bot, px, ground + h * 0.08), fill=(60, 60, 60), width=2)
        # table of produce
        ty = ground - h * 0.02
        tex = _speckle(rng, sw * 0.9 / 3, h * 0.06 / 3, produce, (60, 50, 40), mix=0.25)
        img.paste(
            tex.resize((int(sw * 0.9), int(h * 0.06)), Image.NEAREST), (int(x + sw * 0.05), int(ty))
        )
        d.rectangle((x + sw * 0.05, ty + h * 0.06, x + sw * 0.95, ty + h * 0.1), fill=(90, 70, 52))
        x += sw + w * rng.uniform(0.01, 0.03)
    # shoppers: far ones sharp, near ones soft
    shirts = [
        (40, 50, 70),
        (120, 40, 40),
        (200, 190, 170),
        (60, 80, 60),
        (30, 30, 34),
        (170, 120, 60),
        (90, 110, 150),
        (200, 90, 120),
    ]
    skin = [(224, 180, 150), (190, 140, 110), (140, 95, 70), (96, 64, 48), (236, 200, 176)]
    for _ in range(rng.randint(10, 18)):
        px = rng.uniform(0, w)
        feet = ground + h * rng.uniform(0.1, 0.2)
        hh = (feet - ground) * 3.4
        _person(d, px, feet, hh, _jitter(rng.choice(shirts), rng, 10), rng, head=rng.choice(skin))
    near = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    nd = ImageDraw.Draw(near)
    for _ in range(rng.randint(2, 4)):
        px = rng.uniform(0, w)
        feet = h * rng.uniform(1.15, 1.5)
        _person(
            nd,
            px,
            feet,
            h * rng.uniform(0.9, 1.2),
            _jitter(rng.choice(shirts), rng, 10) + (255,),
            rng,
            head=rng.choice(skin) + (255,),
        )
    near = near.filter(ImageFilter.GaussianBlur(w * 0.006))
    img = Image.alpha_composite(img.convert("RGBA"), near).convert("RGB")
    return img


def _scene_stadium(rng, w, h):
    evening = rng.random() < 0.5
    if evening:
        img = _vgradient(w, h, [(0, (18, 24, 48)), (0.25, (60, 70, 110)), (1, (40, 40, 50))])
    else:
        img = _fair_sky(rng, w, h, horizon=0.3)
    d = ImageDraw.Draw(img)
    roof_y = h * rng.uniform(0.08, 0.14)
    stand_top = roof_y + h * 0.05
    pitch_y = h * rng.uniform(0.42, 0.48)
    d.polygon(
        [(-5, roof_y), (w + 5, roof_y - h * 0.02), (w + 5, stand_top), (-5, stand_top)],
        fill=(50, 54, 60),
    )
    for k in range(0, w, max(8, w // 30)):
        d.line((k, roof_y, k, stand_top), fill=(70, 74, 80), width=1)
    team = rng.choice(
        [
            [(180, 30, 40), (230, 230, 230)],
            [(30, 60, 150), (240, 240, 240)],
            [(240, 200, 40), (30, 30, 30)],
            [(30, 110, 60), (230, 230, 230)],
        ]
    )
    palette = team * 3 + [
        (220, 180, 150),
        (140, 100, 80),
        (40, 40, 44),
        (200, 200, 200),
        (90, 60, 50),
    ]
    cw, ch = w // 3, int((pitch_y - stand_top) // 3)
    crowd = _speckle(rng, cw, ch, palette, (30, 30, 34), mix=0.45 if evening else 0.35)
    crowd = crowd.resize((w, int(pitch_y - stand_top)), Image.NEAREST)
    img.paste(crowd, (0, int(stand_top)))
    d = ImageDraw.Draw(img)
    for k in range(6):
        yy = stand_top + (pitch_y - stand_top) * k / 6
        d.line((0, yy, w, yy), fill=(40, 40, 44), width=1)
    d.rectangle((0, pitch_y - h * 0.025, w, pitch_y), fill=(24, 26, 30))
    for _ in range(rng.randint(3, 6)):
        ax = rng.uniform(0, w)
        d.rectangle(
            (ax, pitch_y - h * 0.024, ax + w * rng.uniform(0.05, 0.12), pitch_y - h * 0.004),
            fill=_jitter(
                rng.choice([(230, 230, 230), team[0], (20, 60, 140), (240, 200, 40)]), rng, 10
            ),
        )
    # pitch with mowing stripes in perspective
    vx = w * 0.5
    g1, g2 = ((60, 130, 60), (72, 146, 68)) if not evening else ((46, 120, 56), (58, 136, 64))
    d.rectangle((0, pitch_y, w, h), fill=g1)
    n = 16
    for k in range(-n, n, 2):
        xb0 = vx + (k / n) * w * 2.6
        xb1 = vx + ((k + 1) / n) * w * 2.6
        xt0 = vx + (k / n) * w * 0.9
        xt1 = vx + ((k + 1) / n) * w * 0.9
        d.polygon([(xt0, pitch_y), (xt1, pitch_y), (xb1, h), (xb0, h)], fill=g2)
    line = (235, 240, 230)
    far_line = pitch_y + h * 0.03
    d.line((0, far_line, w, far_line), fill=line, width=2)
    d.line((vx, far_line, vx, h), fill=line, width=2)
    ey = far_line + (h - far_line) * 0.45
    d.ellipse((vx - w * 0.16, ey - h * 0.1, vx + w * 0.16, ey + h * 0.1), outline=line, width=2)
    kits = [team[0], rng.choice([(240, 240, 240), (20, 20, 30), (90, 160, 220), (240, 130, 30)])]
    for _ in range(rng.randint(8, 14)):
        py = rng.uniform(far_line + h * 0.02, h * 0.95)
        px = rng.uniform(0.05, 0.95) * w
        ph = h * 0.06 + (py - pitch_y) * 0.25
        _person(
            d,
            px,
            py,
            ph,
            _jitter(rng.choice(kits), rng, 8),
            rng,
            head=rng.choice([(220, 180, 150), (150, 105, 80), (100, 70, 52)]),
        )
    if evening:
        for fx in (w * 0.08, w * 0.92):
            _glow(img, fx, roof_y - h * 0.04, w * 0.12, w * 0.12, (230, 236, 255), 0.9)
            _glow(img, fx, roof_y - h * 0.04, w * 0.03, w * 0.03, (255, 255, 255), 1.0)
    return img


def _scene_countryside(rng, w, h):
    horizon = h * rng.uniform(0.42, 0.52)
    img = _fair_sky(rng, w, h, horizon=horizon / h)
    d = ImageDraw.Draw(img)
    layers = [
        (horizon - h * 0.02, h * 0.03, (130, 150, 160)),
        (horizon + h * 0.02, h * 0.035, (104, 134, 110)),
        (horizon + h * 0.09, h * 0.05, (92, 130, 70)),
        (horizon + h * 0.2, h * 0.06, (104, 144, 68)),
    ]
    fields = [
        (124, 156, 72),
        (150, 170, 90),
        (180, 168, 100),
        (96, 136, 64),
        (140, 150, 70),
        (200, 184, 120),
    ]
    for i, (base, amp, col) in enumerate(layers):
        pts = _ridge(w, base, amp, rng, step=8)
        _fill_below(d, pts, h, col)
        if i >= 1:
            # field patchwork bounded by hedges
            x = -rng.uniform(0, w * 0.1)
            while x < w:
                fw = w * rng.uniform(0.1, 0.25) * (0.6 + i * 0.25)
                fc = _jitter(rng.choice(fields), rng, 10)
                if i == 1:
                    fc = _mix(fc, (140, 160, 170), 0.4)
                top = [(px, py) for px, py in pts if x <= px <= x + fw]
                if len(top) >= 2:
                    depth = h * (0.02 + 0.03 * i)
                    poly = [(px, py + 2) for px, py in top] + [
                        (px, py + depth) for px, py in reversed(top)
                    ]
                    d.polygon(poly, fill=fc)
                    d.line([(px, py + depth) for px, py in top], fill=(56, 80, 40), width=max(1, i))
                d.line(
                    (
                        x,
                        _interp(pts, x),
                        x + rng.uniform(-0.02, 0.02) * w,
                        _interp(pts, x) + h * 0.05 * i,
                    ),
                    fill=(56, 80, 40),
                    width=max(1, i),
                )
                x += fw
        if i >= 1:
            for _ in range(rng.randint(4, 10) * i):
                tx = rng.uniform(0, w)
                ty = _interp(pts, tx) + rng.uniform(0, h * 0.02)
                tr = (0.006 + 0.006 * i) * w * rng.uniform(0.7, 1.4)
                tc = _jitter((50, 74, 40) if i > 1 else (80, 104, 96), rng, 8)
                d.ellipse((tx - tr, ty - tr * 2.1, tx + tr, ty), fill=tc)
                d.ellipse(
                    (tx - tr * 0.6, ty - tr * 2.4, tx + tr * 0.8, ty - tr * 0.8),
                    fill=_shade(tc, 1.15),
                )
    # a village tucked into the middle distance
    if rng.random() < 0.7:
        vx = rng.uniform(0.2, 0.8) * w
        vy = horizon + h * 0.1
        for _ in range(rng.randint(9, 16)):
            hx = vx + rng.uniform(-0.12, 0.12) * w
            hy = vy + rng.uniform(-0.01, 0.04) * h
            hw_, hh_ = w * rng.uniform(0.02, 0.035), h * rng.uniform(0.025, 0.04)
            c = _jitter(rng.choice([(220, 214, 196), (200, 180, 150), (230, 228, 220)]), rng, 8)
            d.rectangle((hx, hy - hh_, hx + hw_, hy), fill=c)
            d.polygon(
                [(hx - 1, hy - hh_), (hx + hw_ / 2, hy - hh_ * 1.6), (hx + hw_ + 1, hy - hh_)],
                fill=_jitter((110, 80, 70), rng, 10),
            )
        cx = vx + rng.uniform(-0.05, 0.05) * w
        d.rectangle((cx - w * 0.03, vy - h * 0.045, cx + w * 0.01, vy), fill=(176, 170, 156))
        d.polygon(
            [
                (cx - w * 0.031, vy - h * 0.045),
                (cx - w * 0.01, vy - h * 0.065),
                (cx + w * 0.011, vy - h * 0.045),
            ],
            fill=(110, 104, 96),
        )
        d.rectangle((cx, vy - h * 0.09, cx + w * 0.018, vy), fill=(186, 180, 166))
        d.polygon(
            [(cx, vy - h * 0.09), (cx + w * 0.009, vy - h * 0.17), (cx + w * 0.018, vy - h * 0.09)],
            fill=(150, 146, 136),
        )
    # foreground dry-stone wall or hedge
    fy = h * rng.uniform(0.86, 0.92)
    wall = _speckle(
        rng,
        w // 6,
        int((h - fy) / 4) + 1,
        [(150, 146, 136), (120, 116, 108), (170, 166, 150), (100, 100, 94)],
        (130, 126, 118),
        mix=0.2,
    )
    img.paste(
        wall.resize((w, int(h - fy) + 1), Image.NEAREST).filter(ImageFilter.GaussianBlur(1)),
        (0, int(fy)),
    )
    d = ImageDraw.Draw(img)
    d.line((0, fy, w, fy), fill=(96, 94, 86), width=2)
    for _ in range(rng.randint(0, 12)):
        sx = rng.uniform(0, w)
        sy = rng.uniform(horizon + h * 0.2, fy - h * 0.02)
        r = w * 0.005
        d.ellipse((sx - r * 1.5, sy - r, sx + r * 1.5, sy + r * 0.6), fill=(236, 234, 226))
    return img


def _interp(pts, x):
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * ((x - x0) / (x1 - x0) if x1 != x0 else 0)
    return pts[-1][1] if x > pts[-1][0] else pts[0][1]


def _scene_harbour(rng, w, h):
    water = h * rng.uniform(0.55, 0.62)
    img = (
        _fair_sky(rng, w, h, horizon=water / h)
        if rng.random() < 0.65
        else _overcast_sky(rng, w, h, water / h, dark=(100, 110, 122), light=(190, 194, 196))
    )
    d = ImageDraw.Draw(img)
    pts = _ridge(w, water - h * 0.2, h * 0.05, rng, step=10)
    _fill_below(d, pts, water, (96, 116, 92))
    house = [
        (236, 226, 200),
        (210, 160, 140),
        (150, 180, 200),
        (240, 240, 236),
        (230, 200, 120),
        (190, 210, 190),
        (200, 140, 120),
    ]
    for row in range(6):
        yb = water - h * 0.03 - row * h * 0.028
        x = -rng.uniform(0, w * 0.03)
        while x < w:
            hw_ = w * rng.uniform(0.018, 0.035)
            top_ok = _interp(pts, x + hw_ / 2)
            if yb - h * 0.03 > top_ok - h * 0.01 and rng.random() < 0.85:
                c = _jitter(rng.choice(house), rng, 8)
                d.rectangle((x, yb - h * 0.03, x + hw_, yb), fill=c)
                d.polygon(
                    [
                        (x - 1, yb - h * 0.03),
                        (x + hw_ / 2, yb - h * 0.045),
                        (x + hw_ + 1, yb - h * 0.03),
                    ],
                    fill=_jitter((90, 84, 84), rng, 8),
                )
                d.rectangle(
                    (x + hw_ * 0.3, yb - h * 0.022, x + hw_ * 0.45, yb - h * 0.012),
                    fill=(60, 64, 70),
                )
            x += hw_ + rng.uniform(0, w * 0.008)
    # quay
    quay = water - h * 0.012
    d.rectangle((-5, quay - h * 0.02, w + 5, water), fill=(120, 112, 100))
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 3)):
            cx = rng.uniform(0.1, 0.9) * w
            ch = h * rng.uniform(0.22, 0.32)
            cw = w * 0.05
            col = rng.choice([(200, 120, 40), (180, 50, 40), (60, 90, 140)])
            for dx in (-cw / 2, cw / 2):
                d.line((cx + dx, quay - h * 0.02, cx + dx * 0.6, quay - ch), fill=col, width=3)
            for k in range(6):
                yy = quay - h * 0.02 - (ch - h * 0.02) * k / 6
                d.line(
                    (cx - cw / 2 * (1 - 0.4 * k / 6), yy, cx + cw / 2 * (1 - 0.4 * k / 6), yy),
                    fill=col,
                    width=1,
                )
            d.rectangle((cx - cw * 2.2, quay - ch - h * 0.02, cx + cw * 0.8, quay - ch), fill=col)
            d.line(
                (cx - cw * 2.2, quay - ch + 2, cx - cw * 2.2, quay - ch + h * 0.06),
                fill=(40, 40, 40),
                width=1,
            )
    _reflect(
        img, rng, water, (70, 100, 110), (40, 60, 72), mix=0.5, ripple=4, smear=6, highlights=140
    )
    d = ImageDraw.Draw(img)
    # moored boats
    hulls = [(180, 40, 40), (30, 60, 110), (230, 230, 226), (40, 100, 80), (220, 160, 40)]
    for _ in range(rng.randint(3, 6)):
        by = water + h * rng.uniform(0.05, 0.3)
        sc = 0.6 + (by - water) / (h - water) * 1.2
        bl = w * 0.12 * sc
        bx = rng.uniform(-0.05, 0.95) * w
        bh = h * 0.035 * sc
        hc = _jitter(rng.choice(hulls), rng, 8)
        d.polygon(
            [(bx, by - bh), (bx + bl, by - bh * 1.2), (bx + bl * 0.9, by), (bx + bl * 0.08, by)],
            fill=hc,
        )
        d.line(
            (bx, by - bh, bx + bl, by - bh * 1.2), fill=(240, 240, 236), width=max(1, int(sc * 1.5))
        )
        d.rectangle(
            (bx + bl * 0.55, by - bh * 2.3, bx + bl * 0.8, by - bh * 1.1), fill=(236, 234, 228)
        )
        d.rectangle(
            (bx + bl * 0.58, by - bh * 2.0, bx + bl * 0.77, by - bh * 1.7), fill=(50, 60, 70)
        )
        d.line(
            (bx + bl * 0.35, by - bh * 1.1, bx + bl * 0.35, by - bh * 6),
            fill=(50, 50, 50),
            width=max(1, int(sc)),
        )
        # reflection of the hull
        d.polygon(
            [
                (bx + bl * 0.08, by),
                (bx + bl * 0.9, by),
                (bx + bl * 0.85, by + bh * 0.8),
                (bx + bl * 0.12, by + bh * 0.8),
            ],
            fill=_mix(hc, (50, 70, 80), 0.6),
        )
    return img


def _scene_crowd(rng, w, h):
    img = (
        _overcast_sky(rng, w, h, 0.45, dark=(120, 128, 138), light=(210, 210, 206))
        if rng.random() < 0.5
        else _fair_sky(rng, w, h, horizon=0.45)
    )
    d = ImageDraw.Draw(img)
    _skyline(
        d,
        rng,
        0,
        w,
        h * 0.55,
        h * 0.2,
        h * 0.4,
        w * 0.1,
        w * 0.18,
        (160, 150, 136),
        jitter=14,
        windows={
            "color": (80, 80, 86),
            "w": int(w * 0.012),
            "h": int(h * 0.03),
            "gx": int(w * 0.02),
            "gy": int(h * 0.03),
            "margin": int(h * 0.03),
        },
        roofs=("flat", "pitched", "flat"),
    )
    img = img.filter(ImageFilter.GaussianBlur(w * 0.004))
    d = ImageDraw.Draw(img)
    d.rectangle((0, h * 0.55, w, h), fill=(110, 108, 104))
    clothes = [
        (40, 44, 56),
        (120, 36, 40),
        (200, 196, 186),
        (60, 84, 60),
        (28, 28, 32),
        (170, 120, 60),
        (80, 100, 140),
        (200, 80, 110),
        (230, 200, 60),
        (90, 70, 60),
    ]
    skin = [(226, 184, 154), (196, 146, 116), (146, 100, 74), (100, 68, 50), (236, 204, 180)]
    signs = [(245, 245, 240), (250, 220, 60), (230, 60, 50), (60, 140, 200), (250, 250, 250)]
    rows = 9
    for r in range(rows):
        t = r / (rows - 1)
        feet = h * (0.6 + 0.58 * t**1.3)
        ph = h * (0.12 + 0.6 * t**1.6)
        haze = 0.45 * (1 - t)
        shadow = 0.45 * max(0.0, t - 0.6) / 0.4
        n = int(w / (ph * 0.26)) + 2
        for k in range(n):
            px = (k + rng.uniform(-0.3, 0.3)) * w / (n - 1.5)
            col = _mix(
                _mix(_jitter(rng.choice(clothes), rng, 10), (170, 170, 170), haze),
                (24, 24, 28),
                shadow,
            )
            hd = _mix(_mix(rng.choice(skin), (170, 170, 170), haze), (24, 24, 28), shadow)
            if rng.random() < 0.18 and r < rows - 2:
                sx0 = px - ph * 0.16
                sy0 = feet - ph * 1.25
                sc = _mix(rng.choice(signs), (170, 170, 170), haze)
                d.line(
                    (px, sy0 + ph * 0.12, px, feet - ph * 0.8),
                    fill=(110, 90, 60),
                    width=max(1, int(ph * 0.015)),
                )
                d.rectangle((sx0, sy0, sx0 + ph * 0.32, sy0 + ph * 0.2), fill=sc)
                for ln in range(2):
                    ly = sy0 + ph * (0.06 + ln * 0.07)
                    d.line(
                        (sx0 + ph * 0.04, ly, sx0 + ph * rng.uniform(0.18, 0.28), ly),
                        fill=_shade(sc, 0.35),
                        width=max(1, int(ph * 0.025)),
                    )
            _person(d, px, feet, ph, col, rng, head=hd, legs=False)
        if r == rows // 2:
            img = img.filter(ImageFilter.GaussianBlur(0.8))
            d = ImageDraw.Draw(img)
    return img


def _scene_rail(rng, w, h):
    img = _overcast_sky(rng, w, h, 0.45, dark=(110, 116, 124), light=(200, 200, 196))
    d = ImageDraw.Draw(img)
    vx, vy = w * rng.uniform(0.45, 0.55), h * 0.45
    pts_l = _ridge(w, vy - h * 0.04, h * 0.02, rng, step=10)
    _fill_below(d, pts_l, h, (100, 120, 96))
    # embankments with trees
    for side in (-1, 1):
        for _ in range(40):
            t = rng.uniform(0.02, 1.0)
            x = vx + side * (w * 0.06 + w * 0.9 * t**1.5)
            y = vy + h * 0.02 * t
            r = w * (0.01 + 0.06 * t**1.5)
            d.ellipse((x - r, y - r * 2.2, x + r, y + r * 0.2), fill=_jitter((58, 80, 50), rng, 10))
    d.polygon(
        [(vx - w * 0.02, vy), (vx + w * 0.02, vy), (w * 1.3, h), (-w * 0.3, h)], fill=(112, 104, 94)
    )
    tex = _speckle(
        rng,
        w // 4,
        h // 8,
        [(130, 122, 110), (96, 90, 84), (150, 144, 132), (80, 74, 68)],
        (112, 104, 94),
        mix=0.4,
    )
    tex = tex.resize((w, int(h - vy)), Image.NEAREST)
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).polygon(
        [(vx - w * 0.02, vy), (vx + w * 0.02, vy), (w * 1.3, h), (-w * 0.3, h)], fill=255
    )
    img.paste(tex, (0, int(vy)), mask.crop((0, int(vy), w, h)))
    d = ImageDraw.Draw(img)
    for track in (-1, 1):
        cx = track * w * 0.32
        gauge = w * 0.2
        for z in [1.0 / (1 + k * 0.18) for k in range(0, 120)]:
            y = vy + (h * 1.05 - vy) * z
            xa = vx + (cx - gauge * 0.8) * z
            xb = vx + (cx + gauge * 0.8) * z
            d.line((xa, y, xb, y), fill=(70, 60, 52), width=max(1, int(6 * z)))
        for rail in (-0.5, 0.5):
            x_near = vx + cx + rail * gauge
            d.line(
                (vx + (cx + rail * gauge) * 0.0, vy, x_near, h * 1.05),
                fill=(170, 170, 172),
                width=3,
            )
            d.line((vx, vy, x_near + 3, h * 1.05), fill=(80, 70, 60), width=2)
    # overhead line masts
    for side in (-1, 1):
        for k in range(12):
            z = 1.0 / (1 + k * 0.6)
            x = vx + side * w * 0.75 * z
            yb = vy + (h * 1.05 - vy) * z
            top = vy - h * 0.55 * z
            d.line((x, yb, x, top), fill=(60, 62, 66), width=max(1, int(7 * z)))
            d.line(
                (x, top + h * 0.05 * z, vx + side * w * 0.1 * z, top + h * 0.05 * z),
                fill=(60, 62, 66),
                width=max(1, int(3 * z)),
            )
    for off in (-0.3, 0.3):
        d.line((vx, vy - h * 0.03, vx + w * off * 1.8, -h * 0.2), fill=(50, 50, 54), width=1)
    if rng.random() < 0.6:
        # standing water between the rails
        pool = Image.new("L", (w, h), 0)
        pd = ImageDraw.Draw(pool)
        for _ in range(8):
            t = rng.uniform(0.2, 0.9)
            y = vy + (h - vy) * t
            rx = w * 0.25 * t
            pd.ellipse(
                (vx - rx + rng.uniform(-1, 1) * rx, y - h * 0.02 * t, vx + rx, y + h * 0.04 * t),
                fill=rng.randint(120, 200),
            )
        img.paste((150, 154, 156), (0, 0, w, h), pool.filter(ImageFilter.GaussianBlur(3)))
    return img


def _scene_storm(rng, w, h):
    sea = h * rng.uniform(0.5, 0.56)
    img = _vgradient(
        w,
        h,
        [
            (0, (40, 46, 56)),
            (sea / h * 0.85, (110, 118, 124)),
            (sea / h, (150, 156, 156)),
            (1, (80, 90, 92)),
        ],
    )
    _clouds(img, rng, 60, (-0.1, 0.45), (0.08, 0.25), (28, 32, 40), blur=w * 0.02, alpha=(90, 230))
    _glow(img, w * rng.uniform(0.3, 0.7), sea - h * 0.06, w * 0.3, h * 0.08, (190, 196, 190), 0.5)
    d = ImageDraw.Draw(img)
    # distant headland and lighthouse
    lx = w * rng.uniform(0.62, 0.85)
    pts = _ridge(w, sea - h * 0.02, h * 0.02, rng, step=10)
    pts = [(x, y if x > lx - w * 0.2 else sea + 2) for x, y in pts]
    _fill_below(d, pts, sea + 2, (70, 76, 80))
    d.polygon(
        [
            (lx - w * 0.008, sea - h * 0.04),
            (lx + w * 0.008, sea - h * 0.04),
            (lx + w * 0.005, sea - h * 0.12),
            (lx - w * 0.005, sea - h * 0.12),
        ],
        fill=(210, 210, 206),
    )
    d.rectangle((lx - w * 0.007, sea - h * 0.14, lx + w * 0.007, sea - h * 0.12), fill=(60, 60, 60))
    _glow(img, lx, sea - h * 0.13, w * 0.02, w * 0.02, (255, 240, 200), 0.9)
    # the sea: a dark body with whitecaps
    d.rectangle((0, sea, w, h), fill=(62, 74, 78))
    foam = Image.new("L", (w, h), 0)
    fd = ImageDraw.Draw(foam)
    for _ in range(int(w * 1.2)):
        y = sea + (h - sea) * rng.random() ** 1.4
        t = (y - sea) / (h - sea)
        ln = w * (0.005 + 0.05 * t) * rng.uniform(0.4, 1.5)
        x = rng.uniform(-0.05, 1) * w
        fd.line((x, y, x + ln, y - ln * 0.02), fill=rng.randint(40, 200), width=max(1, int(3 * t)))
    img.paste((228, 232, 230), (0, 0, w, h), foam.filter(ImageFilter.GaussianBlur(1.2)))
    for k in range(4):
        wy = sea + (h - sea) * (0.15 + 0.25 * k)
        wave = _ridge(w, wy, h * 0.015 * (k + 1), rng, step=12, octaves=2)
        d = ImageDraw.Draw(img)
        _fill_below(d, wave, wy + h * 0.04 * (k + 1), (50, 62, 66))
    # sea wall with spray bursting over it
    wall_y = h * rng.uniform(0.8, 0.86)
    d = ImageDraw.Draw(img)
    d.polygon([(-5, wall_y), (w + 5, wall_y - h * 0.05), (w + 5, h), (-5, h)], fill=(96, 92, 86))
    d.line((-5, wall_y, w + 5, wall_y - h * 0.05), fill=(140, 136, 126), width=3)
    spray = Image.new("L", (w, h), 0)
    sd = ImageDraw.Draw(spray)
    sx = w * rng.uniform(0.2, 0.6)
    for _ in range(90):
        u = rng.random()
        r = w * rng.uniform(0.006, 0.03) * (1 + u)
        cx = sx + rng.gauss(0, w * 0.07) * (0.5 + u)
        cy = wall_y - h * 0.05 * (cx / w) - u**1.3 * h * 0.28
        sd.ellipse((cx - r, cy - r * 1.3, cx + r, cy + r), fill=rng.randint(40, int(200 - 120 * u)))
    img.paste((236, 238, 236), (0, 0, w, h), spray.filter(ImageFilter.GaussianBlur(w * 0.006)))
    d = ImageDraw.Draw(img)
    x = rng.uniform(0, w * 0.1)
    while x < w:
        yy = wall_y - h * 0.05 * x / w
        d.line((x, yy, x, yy - h * 0.16), fill=(30, 32, 34), width=2)
        d.ellipse((x - 3, yy - h * 0.17, x + 3, yy - h * 0.155), fill=(40, 40, 40))
        x += w * rng.uniform(0.18, 0.26)
    _rain(img, rng, int(w * h / 150), angle=0.35, length=(10, 28), alpha=(30, 100))
    return img


def _scene_wildfire(rng, w, h):
    ridge_y = h * rng.uniform(0.5, 0.58)
    img = _vgradient(
        w,
        h,
        [
            (0, (120, 96, 80)),
            (0.4, (214, 140, 70)),
            (ridge_y / h, (236, 170, 90)),
            (1, (60, 44, 36)),
        ],
    )
    _glow(img, w * rng.uniform(0.3, 0.7), h * 0.25, w * 0.04, w * 0.04, (255, 220, 170), 1.0)
    smoke = Image.new("L", (w, h), 0)
    sd = ImageDraw.Draw(smoke)
    for _ in range(3):
        bx = rng.uniform(0.1, 0.9) * w
        for k in range(40):
            t = k / 40.0
            r = w * (0.02 + 0.12 * t)
            cx = bx + w * 0.4 * t**1.5 * rng.choice([1, 1, 0.8]) + rng.gauss(0, w * 0.02)
            cy = ridge_y - h * 0.85 * t
            sd.ellipse((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7), fill=rng.randint(90, 200))
    smoke = smoke.filter(ImageFilter.GaussianBlur(w * 0.02))
    img.paste((120, 100, 90), (0, 0, w, h), smoke)
    d = ImageDraw.Draw(img)
    pts = _ridge(w, ridge_y - h * 0.08, h * 0.05, rng, step=8)
    _fill_below(d, pts, h, (110, 84, 70))
    pts2 = _ridge(w, ridge_y, h * 0.05, rng, step=6)
    _fill_below(d, pts2, h, (48, 36, 30))
    fire = Image.new("L", (w, h), 0)
    fdr = ImageDraw.Draw(fire)
    for x, y in pts2[::2]:
        if rng.random() < 0.55:
            r = w * rng.uniform(0.005, 0.02)
            fdr.ellipse(
                (x - r * 2, y - r * 1.5, x + r * 2, y + r * 0.6), fill=rng.randint(120, 255)
            )
    fire = fire.filter(ImageFilter.GaussianBlur(w * 0.006))
    img.paste((255, 120, 30), (0, 0, w, h), fire)
    img.paste((255, 220, 120), (0, 0, w, h), fire.point(lambda v: max(0, v - 140) * 2))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(10, 20)):
        tx = rng.uniform(0, w)
        ty = _interp(pts2, tx) + rng.uniform(0, h * 0.1)
        th = h * rng.uniform(0.05, 0.14)
        d.line((tx, ty, tx, ty - th), fill=(26, 20, 18), width=2)
        for b in range(3):
            by = ty - th * (0.4 + 0.2 * b)
            d.line(
                (tx, by, tx + rng.uniform(-1, 1) * th * 0.25, by - th * 0.1),
                fill=(26, 20, 18),
                width=1,
            )
    if rng.random() < 0.6:
        px, py = w * rng.uniform(0.2, 0.8), h * rng.uniform(0.15, 0.3)
        s = w * 0.03
        d.polygon(
            [
                (px - s, py),
                (px + s, py - s * 0.05),
                (px + s * 1.1, py + s * 0.06),
                (px - s, py + s * 0.08),
            ],
            fill=(40, 36, 36),
        )
        d.polygon(
            [(px - s * 0.1, py), (px + s * 0.3, py - s * 0.02), (px - s * 0.05, py + s * 0.5)],
            fill=(40, 36, 36),
        )
    return img


def _scene_portrait(rng, w, h, seed=0):
    skins = [
        (236, 204, 180),
        (224, 182, 150),
        (196, 146, 112),
        (160, 112, 82),
        (118, 80, 58),
        (86, 58, 44),
    ]
    hair_cols = [
        (30, 24, 22),
        (64, 44, 32),
        (110, 78, 50),
        (170, 130, 80),
        (150, 146, 140),
        (20, 18, 18),
    ]
    skin = skins[seed % len(skins)]
    style = (seed // len(skins)) % 5  # 0 short, 1 long, 2 bob, 3 cropped/close, 4 tied back
    skin_idx = seed % len(skins)
    hair_idx = (seed * 7 + style) % len(hair_cols)
    if skin_idx >= 2:
        hair_idx = (0, 1, 5)[hair_idx % 3]  # darker hair with darker skin tones
    hair = _jitter(hair_cols[hair_idx], rng, 6)
    bgs = [
        ((60, 70, 86), (140, 150, 160)),
        ((110, 100, 90), (190, 180, 165)),
        ((46, 60, 58), (130, 150, 140)),
        ((90, 96, 110), (200, 204, 210)),
    ]
    b0, b1 = bgs[rng.randrange(len(bgs))]
    img = _vgradient(w, h, [(0, b0), (0.6, b1), (1, _shade(b0, 0.8))])
    _bokeh(
        img,
        rng,
        14,
        [(250, 236, 210), _mix(b1, (255, 255, 255), 0.4)],
        (0.03, 0.09),
        alpha=(30, 90),
        blur=w * 0.01,
        area=(0, 0, 1, 0.7),
    )
    img = img.filter(ImageFilter.GaussianBlur(w * 0.015))
    cx = w * rng.uniform(0.46, 0.54)
    head_w = w * 0.26
    head_h = head_w * 1.3
    head_top = h * 0.2
    head_cy = head_top + head_h / 2
    chin = head_top + head_h
    jacket = _jitter(
        rng.choice(
            [(40, 44, 56), (30, 30, 34), (80, 60, 50), (60, 70, 90), (120, 40, 50), (70, 90, 80)]
        ),
        rng,
        6,
    )
    shirt = rng.choice([(236, 236, 232), (200, 214, 230), (230, 220, 200), (40, 40, 44)])
    fig = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(fig)
    # hair behind the head for long styles
    if style in (1, 2):
        extra = head_h * (0.95 if style == 1 else 0.55)
        d.rounded_rectangle(
            (
                cx - head_w * 0.62,
                head_top - head_h * 0.04,
                cx + head_w * 0.62,
                head_top + head_h * 0.45 + extra,
            ),
            radius=int(head_w * 0.3),
            fill=hair + (255,),
        )
    # shoulders and torso
    sh_y = chin + head_h * 0.28
    d.rounded_rectangle(
        (cx - w * 0.42, sh_y, cx + w * 0.42, h + w * 0.2),
        radius=int(w * 0.16),
        fill=jacket + (255,),
    )
    # neck and collar
    d.rectangle(
        (cx - head_w * 0.22, chin - head_h * 0.15, cx + head_w * 0.22, sh_y + head_h * 0.1),
        fill=_shade(skin, 0.86) + (255,),
    )
    d.polygon(
        [
            (cx - head_w * 0.42, sh_y + 2),
            (cx + head_w * 0.42, sh_y + 2),
            (cx, sh_y + head_h * 0.55),
        ],
        fill=shirt + (255,),
    )
    d.polygon(
        [
            (cx - head_w * 0.26, sh_y - head_h * 0.02),
            (cx + head_w * 0.26, sh_y - head_h * 0.02),
            (cx, sh_y + head_h * 0.22),
        ],
        fill=_shade(skin, 0.8) + (255,),
    )
    d.polygon(
        [
            (cx - head_w * 0.55, sh_y),
            (cx - head_w * 0.05, sh_y + head_h * 0.6),
            (cx - head_w * 0.3, h),
        ],
        fill=_shade(jacket, 0.8) + (255,),
    )
    d.polygon(
        [
            (cx + head_w * 0.55, sh_y),
            (cx + head_w * 0.05, sh_y + head_h * 0.6),
            (cx + head_w * 0.3, h),
        ],
        fill=_shade(jacket, 0.8) + (255,),
    )
    # ears and head
    for side in (-1, 1):
        ex = cx + side * head_w * 0.5
        d.ellipse(
            (
                ex - head_w * 0.08,
                head_cy - head_h * 0.08,
                ex + head_w * 0.08,
                head_cy + head_h * 0.1,
            ),
            fill=_shade(skin, 0.9) + (255,),
        )
    d.ellipse((cx - head_w / 2, head_top, cx + head_w / 2, chin), fill=skin + (255,))
    # hair on top
    if style == 3:
        d.chord(
            (
                cx - head_w * 0.5,
                head_top - head_h * 0.02,
                cx + head_w * 0.5,
                head_top + head_h * 0.55,
            ),
            180,
            360,
            fill=hair + (255,),
        )
    else:
        d.chord(
            (
                cx - head_w * 0.54,
                head_top - head_h * 0.07,
                cx + head_w * 0.54,
                head_top + head_h * 0.62,
            ),
            175,
            365,
            fill=hair + (255,),
        )
        if style in (0, 4):
            d.ellipse(
                (
                    cx - head_w * 0.5,
                    head_top - head_h * 0.02,
                    cx + head_w * 0.1,
                    head_top + head_h * 0.2,
                ),
                fill=hair + (255,),
            )
        if style == 4:
            d.ellipse(
                (
                    cx - head_w * 0.2,
                    head_top - head_h * 0.2,
                    cx + head_w * 0.2,
                    head_top + head_h * 0.08,
                ),
                fill=hair + (255,),
            )
        if style in (1, 2):
            d.polygon(
                [
                    (cx - head_w * 0.52, head_top + head_h * 0.25),
                    (cx - head_w * 0.42, head_top + head_h * 0.25),
                    (cx - head_w * 0.46, head_top + head_h * 0.75),
                    (cx - head_w * 0.58, head_top + head_h * 0.8),
                ],
                fill=hair + (255,),
            )
            d.polygon(
                [
                    (cx + head_w * 0.42, head_top + head_h * 0.25),
                    (cx + head_w * 0.52, head_top + head_h * 0.25),
                    (cx + head_w * 0.58, head_top + head_h * 0.8),
                    (cx + head_w * 0.46, head_top + head_h * 0.75),
                ],
                fill=hair + (255,),
            )
    alpha = fig.getchannel("A")
    # soft key light from one side: darken the far side of the figure
    side = rng.choice([-1, 1])
    ramp = Image.linear_gradient("L").rotate(90 if side > 0 else -90).resize((w, h), Image.BILINEAR)
    ramp = ramp.point(lambda v: int(v * 0.45))
    shadow_mask = ImageChops.multiply(ramp, alpha)
    shadow_mask = shadow_mask.filter(ImageFilter.GaussianBlur(w * 0.01))
    fig_rgb = fig.convert("RGB")
    fig_rgb.paste((10, 10, 14), (0, 0, w, h), shadow_mask)
    # subtle facial modelling: eye sockets and cheek light, very soft
    shade = Image.new("L", (w, h), 0)
    sd = ImageDraw.Draw(shade)
    for ex in (-0.2, 0.2):
        sd.ellipse(
            (
                cx + head_w * (ex - 0.1),
                head_cy - head_h * 0.08,
                cx + head_w * (ex + 0.1),
                head_cy + head_h * 0.02,
            ),
            fill=70,
        )
    sd.ellipse(
        (cx - head_w * 0.14, chin - head_h * 0.24, cx + head_w * 0.14, chin - head_h * 0.17),
        fill=55,
    )
    sd.ellipse((cx - head_w * 0.04, head_cy, cx + head_w * 0.06, head_cy + head_h * 0.16), fill=30)
    shade = shade.filter(ImageFilter.GaussianBlur(w * 0.012))
    fig_rgb.paste(_shade(skin, 0.55), (0, 0, w, h), shade)
    hl = Image.new("L", (w, h), 0)
    ImageDraw.Draw(hl).ellipse(
        (
            cx - side * head_w * 0.3 - head_w * 0.14,
            head_cy - head_h * 0.05,
            cx - side * head_w * 0.3 + head_w * 0.14,
            head_cy + head_h * 0.2,
        ),
        fill=45,
    )
    fig_rgb.paste((255, 240, 225), (0, 0, w, h), hl.filter(ImageFilter.GaussianBlur(w * 0.025)))
    fig_rgb = fig_rgb.filter(ImageFilter.GaussianBlur(w * 0.0025))
    img.paste(fig_rgb, (0, 0), alpha.filter(ImageFilter.GaussianBlur(w * 0.002)))
    # rim light on the lit edge
    edge = alpha.filter(ImageFilter.GaussianBlur(w * 0.006))
    rim = ImageChops.subtract(alpha, edge).point(lambda v: min(255, v * 3))
    rim = rim.transform(rim.size, Image.AFFINE, (1, 0, side * w * 0.004, 0, 1, 0))
    img.paste((255, 246, 232), (0, 0, w, h), rim.point(lambda v: v // 3))
    return img


_SCENES = {
    "flood": _scene_flood,
    "storm": _scene_storm,
    "city": _scene_city,
    "street": lambda rng, w, h: _scene_street(rng, w, h),
    "night": _scene_night,
    "parliament": _scene_parliament,
    "market": _scene_market,
    "stadium": _scene_stadium,
    "countryside": _scene_countryside,
    "harbour": _scene_harbour,
    "crowd": _scene_crowd,
    "rail": _scene_rail,
    "wildfire": _scene_wildfire,
    "portrait": None,  # handled specially (portrait orientation)
}

_GRADES = {
    "flood": ((1.0, 1.0, 0.98), 10),
    "storm": ((0.98, 1.0, 1.02), 8),
    "night": ((1.0, 0.98, 1.04), 4),
    "wildfire": ((1.04, 1.0, 0.95), 8),
    "stadium": ((1.0, 1.01, 1.0), 6),
}


def scene_names():
    """All scene names ``render_scene`` draws specifically."""
    return sorted(_SCENES)


def _finish(img, rng, width, height, scene):
    """Shared 'camera': vignette, softness, upscale, grade and grain."""
    w, h = img.size
    g = Image.radial_gradient("L").resize((w, h), Image.BILINEAR)
    strength = 0.35 if scene != "portrait" else 0.28
    lut = [_clamp(255 - strength * 255 * max(0.0, (v - 70) / 185.0) ** 1.7) for v in range(256)]
    m = g.point(lut)
    img = ImageChops.multiply(img, Image.merge("RGB", (m, m, m)))
    img = img.filter(ImageFilter.GaussianBlur(0.55))
    img = img.resize((width, height), Image.BICUBIC)
    gains, lift = _GRADES.get(scene, ((1.0, 1.0, 1.0), 6))
    lut = []
    for gain in gains:
        lut.extend(_clamp(lift + v * gain * (255 - lift) / 255.0) for v in range(256))
    img = img.point(lut)
    img = ImageChops.add(
        img, _grain(rng, width, height, 22 if scene != "portrait" else 15), 1.0, -128
    )
    return img


def _grain(rng, width, height, amp):
    """Deterministic monochrome grain centred on 128 (triangular, +/-amp)."""
    lut = [_clamp(128 + (v - 128) * amp / 128.0) for v in range(256)]
    a = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    b = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    n = ImageChops.add(a, b, 2.0).point(lut)
    return Image.merge("RGB", (n, n, n))


def render_scene(scene, seed, width=1600, height=1000):
    """Render a stand-in photograph of ``scene`` as an RGB ``PIL.Image``.

    Deterministic for a given ``(scene, seed, width, height)``.  For
    ``scene == "portrait"`` at the default size the image is 1000x1250.
    Unknown scene names get a generic countryside landscape.
    """
    scene = (scene or "").strip().lower()
    seed = int(seed)
    if scene == "portrait" and (width, height) == (1600, 1000):
        width, height = 1000, 1250
    width, height = max(16, int(width)), max(16, int(height))
    rng = random.Random(zlib.crc32(scene.encode("utf-8")) * 1000003 + seed)
    w, h = max(8, width // 2), max(8, height // 2)
    if scene == "portrait":
        img = _scene_portrait(rng, w, h, seed)
    else:
        img = _SCENES.get(scene)
        img = (img or _scene_countryside)(rng, w, h)
    return _finish(img.convert("RGB"), rng, width, height, scene)
