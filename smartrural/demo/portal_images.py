"""The demo portals' photos, drawn at build time: small landscape JPEGs (a rice field, a Khmer
pagoda among sugar palms, ghe Ngo boats under the full moon, a ceremony hall, a loudspeaker
pole, a rural road), the same bytes for the same key (a generator seeded by it), no metadata,
at most ``MAX_BYTES``. No photo files are shipped with the code."""

from __future__ import annotations

import hashlib
import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 960, 540
MAX_BYTES = 40_000
Color = tuple[int, int, int]
Painter = Callable[[ImageDraw.ImageDraw, random.Random], None]


def _mix(a: Color, b: Color, t: float) -> Color:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _gradient(draw: ImageDraw.ImageDraw, top: int, bottom: int, a: Color, b: Color) -> None:
    span = max(1, bottom - top)
    for y in range(top, bottom):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(a, b, (y - top) / span))


def _tree_line(draw: ImageDraw.ImageDraw, rng: random.Random, y: int, color: Color) -> None:
    x = -20
    while x < WIDTH + 20:
        r = rng.randint(18, 42)
        draw.ellipse([x - r, y - r, x + r, y + r // 2], fill=color)
        x += rng.randint(20, 45)
    draw.rectangle([0, y, WIDTH, y + 12], fill=color)


def _sugar_palm(draw: ImageDraw.ImageDraw, x: int, ground: int, height: int, color: Color) -> None:
    """A thốt nốt palm: a thin straight trunk and a round crown of fronds."""
    top = ground - height
    draw.rectangle([x - 3, top, x + 3, ground], fill=color)
    for i in range(14):
        angle = math.pi * (i / 13) + math.pi
        r = height * 0.22
        draw.line(
            [(x, top), (x + r * math.cos(angle), top + r * math.sin(angle) * 0.8 + r * 0.35)],
            fill=color,
            width=5,
        )
    draw.ellipse([x - 16, top - 10, x + 16, top + 14], fill=color)


def _field(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    horizon = 250
    _gradient(draw, 0, horizon, (120, 176, 226), (214, 232, 244))
    draw.ellipse([760, 50, 830, 120], fill=(255, 244, 200))
    _tree_line(draw, rng, horizon, (46, 92, 52))
    for x in (140, 420, 690):
        _sugar_palm(
            draw, x + rng.randint(-30, 30), horizon + 8, rng.randint(130, 170), (40, 70, 40)
        )
    _gradient(draw, horizon + 12, HEIGHT, (166, 190, 70), (92, 140, 40))
    vanishing = (WIDTH // 2, horizon - 40)
    for i in range(-8, 9):
        draw.line([vanishing, (WIDTH // 2 + i * 150, HEIGHT)], fill=(120, 160, 50), width=3)
    draw.rectangle([0, horizon + 12, WIDTH, horizon + 14], fill=(140, 170, 60))


def _pagoda(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    horizon = 380
    _gradient(draw, 0, horizon, (250, 196, 120), (255, 236, 190))
    draw.ellipse([120, 60, 200, 140], fill=(255, 250, 225))
    _tree_line(draw, rng, horizon, (60, 84, 48))
    cx, base = WIDTH // 2, horizon + 10
    gold, roof, wall = (214, 164, 52), (190, 72, 36), (238, 226, 200)
    draw.rectangle([cx - 200, base - 110, cx + 200, base], fill=wall)
    for i, (half, height) in enumerate(((250, 70), (190, 70), (130, 70))):
        bottom = base - 100 - i * 60
        draw.polygon(
            [
                (cx - half, bottom),
                (cx + half, bottom),
                (cx + half - 40, bottom - height),
                (cx - half + 40, bottom - height),
            ],
            fill=roof,
        )
        draw.line([(cx - half, bottom), (cx + half, bottom)], fill=gold, width=5)
        draw.polygon(
            [(cx - half - 10, bottom), (cx - half + 20, bottom - 30), (cx - half + 5, bottom)],
            fill=gold,
        )
        draw.polygon(
            [(cx + half + 10, bottom), (cx + half - 20, bottom - 30), (cx + half - 5, bottom)],
            fill=gold,
        )
    draw.polygon([(cx - 14, base - 300), (cx + 14, base - 300), (cx, base - 400)], fill=gold)
    for x in range(cx - 160, cx + 161, 80):
        draw.rectangle([x - 14, base - 80, x + 14, base - 10], fill=(150, 110, 70))
    for x in (90, 250, 720, 880):
        _sugar_palm(draw, x + rng.randint(-20, 20), base, rng.randint(170, 230), (54, 70, 40))
    _gradient(draw, base, HEIGHT, (150, 160, 90), (110, 130, 70))


def _boats(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    horizon = 230
    _gradient(draw, 0, horizon, (22, 34, 74), (70, 86, 140))
    draw.ellipse([660, 40, 760, 140], fill=(250, 240, 200))
    _tree_line(draw, rng, horizon, (24, 44, 38))
    _gradient(draw, horizon + 12, HEIGHT, (60, 90, 130), (30, 52, 90))
    for _i in range(40):
        y = rng.randint(horizon + 20, HEIGHT - 10)
        x = rng.randint(0, WIDTH)
        draw.line([(x, y), (x + rng.randint(30, 120), y)], fill=(110, 140, 180), width=2)
    for y in range(horizon + 16, HEIGHT, 9):  # the moon's path on the water
        half = 12 + (y - horizon) // 8 + rng.randint(-6, 6)
        draw.line([(710 - half, y), (710 + half, y)], fill=(214, 206, 160), width=4)
    for row, color in ((300, (196, 40, 36)), (400, (30, 110, 70))):
        left, right = 80 + rng.randint(0, 60), 820 + rng.randint(-60, 0)
        draw.polygon(
            [
                (left, row),
                (right, row),
                (right + 40, row - 30),
                (right - 10, row + 22),
                (left + 20, row + 22),
                (left - 30, row - 26),
            ],
            fill=color,
        )
        draw.line([(left, row), (right, row)], fill=(230, 190, 60), width=4)
        for x in range(left + 30, right - 10, 26):
            draw.ellipse([x - 7, row - 22, x + 7, row - 6], fill=(20, 20, 24))
            draw.line([(x, row - 8), (x - 14, row + 24)], fill=(200, 170, 110), width=3)
    for x in range(60, WIDTH, 120):
        y = horizon + 40 + rng.randint(0, 200)
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=(255, 210, 120))


def _hall(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    _gradient(draw, 0, 260, (150, 196, 236), (224, 238, 248))
    _tree_line(draw, rng, 260, (54, 100, 60))
    _gradient(draw, 272, 400, (120, 170, 80), (100, 150, 64))
    draw.rectangle([160, 120, 800, 400], fill=(246, 232, 190))
    draw.polygon([(130, 130), (830, 130), (480, 40)], fill=(180, 60, 40))
    draw.rectangle([220, 170, 740, 230], fill=(200, 24, 30))
    for x in range(250, 720, 60):
        draw.rectangle([x, 190, x + 36, 206], fill=(250, 220, 90))
    flag_x = 860
    draw.rectangle([flag_x, 60, flag_x + 6, 400], fill=(120, 120, 120))
    draw.rectangle([flag_x + 6, 60, flag_x + 96, 120], fill=(218, 37, 29))
    star = [
        (
            flag_x + 51 + 20 * math.cos(math.pi / 2 + i * 4 * math.pi / 5),
            90 - 20 * math.sin(math.pi / 2 + i * 4 * math.pi / 5),
        )
        for i in range(5)
    ]
    draw.polygon(star, fill=(255, 255, 0))
    for x in range(260, 720, 90):
        draw.rectangle([x, 260, x + 50, 400], fill=(150, 100, 60))
    _gradient(draw, 400, HEIGHT, (200, 190, 170), (160, 150, 130))
    for row in range(3):
        for x in range(100 + row * 20, 880, 44):
            y = 440 + row * 32
            draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=(30 + 30 * row, 30, 40))
            draw.rectangle([x - 16, y + 10, x + 16, y + 30], fill=(240, 240, 246))


def _loudspeaker(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    _gradient(draw, 0, 420, (96, 160, 220), (220, 236, 248))
    for _i in range(5):
        x, y = rng.randint(0, WIDTH), rng.randint(30, 200)
        for dx in (0, 40, 80):
            draw.ellipse([x + dx, y, x + dx + 90, y + 50], fill=(246, 248, 252))
    _tree_line(draw, rng, 420, (50, 96, 56))
    _gradient(draw, 432, HEIGHT, (130, 170, 70), (90, 130, 50))
    x = 420
    draw.rectangle([x - 7, 110, x + 7, 470], fill=(110, 110, 116))
    draw.line([(0, 180), (x, 150), (WIDTH, 200)], fill=(40, 40, 40), width=2)
    for side in (-1, 1):
        mouth = x + side * 150
        draw.polygon(
            [(x + side * 12, 140), (x + side * 12, 164), (mouth, 196), (mouth, 108)],
            fill=(214, 214, 204),
        )
        draw.ellipse([mouth - 12, 108, mouth + 12, 196], fill=(70, 70, 74))
    draw.rectangle([x - 30, 240, x + 30, 290], fill=(200, 200, 190))


def _road(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    horizon = 240
    _gradient(draw, 0, horizon, (110, 170, 224), (210, 230, 246))
    _tree_line(draw, rng, horizon, (44, 88, 50))
    _gradient(draw, horizon + 12, HEIGHT, (120, 170, 70), (80, 128, 44))
    draw.polygon(
        [
            (WIDTH // 2 - 20, horizon + 12),
            (WIDTH // 2 + 20, horizon + 12),
            (760, HEIGHT),
            (200, HEIGHT),
        ],
        fill=(196, 196, 190),
    )
    for y in range(horizon + 30, HEIGHT, 40):
        draw.line([(WIDTH // 2, y), (WIDTH // 2, y + 18)], fill=(240, 240, 236), width=3)
    for i in range(6):
        depth = (i + 1) / 6
        y = horizon + 12 + int((HEIGHT - horizon) * depth * 0.8)
        for x in (WIDTH // 2 - 40 - int(330 * depth), WIDTH // 2 + 40 + int(330 * depth)):
            _sugar_palm(draw, x, y, int(60 + 140 * depth), (46, 72, 42))


SCENES: dict[str, Painter] = {
    "field": _field,
    "pagoda": _pagoda,
    "boats": _boats,
    "hall": _hall,
    "loudspeaker": _loudspeaker,
    "road": _road,
}


def demo_photo(key: str, scene: str) -> bytes:
    """The JPEG of ``scene`` for the photo ``key``: the same bytes every time, no metadata
    (Pillow writes none unless given), at most ``MAX_BYTES``."""
    seed = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    image = Image.new("RGB", (WIDTH, HEIGHT))
    SCENES[scene](ImageDraw.Draw(image), random.Random(seed))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    for quality in (82, 74, 66, 58, 50, 42):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        if out.tell() <= MAX_BYTES:
            return out.getvalue()
    raise ValueError(f"The demo photo {key} ({scene}) stays above {MAX_BYTES} bytes.")
