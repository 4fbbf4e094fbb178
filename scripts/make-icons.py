"""Draws the app icons (public/icons/*.png). Run by hand when the icon changes:
    pip install pillow && python3 scripts/make-icons.py
The PNGs are committed; builds do not need Pillow."""
import math
from pathlib import Path
from PIL import Image, ImageDraw

RED = (183, 28, 28, 255)
GOLD = (255, 213, 79, 255)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def star(cx, cy, r_outer, r_inner):
    points = []
    for i in range(10):
        r = r_outer if i % 2 == 0 else r_inner
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points


def shield(cx, cy, w, h):
    """A shield outline: flat top, sides curving to a point."""
    top = cy - h / 2
    pts = [(cx - w / 2, top), (cx + w / 2, top)]
    steps = 24
    for i in range(1, steps + 1):
        t = i / steps
        pts.append((cx + w / 2 * math.cos(t * math.pi / 2), top + h * 0.45 + h * 0.55 * math.sin(t * math.pi / 2)))
    for i in range(steps, -1, -1):
        t = i / steps
        pts.append((cx - w / 2 * math.cos(t * math.pi / 2), top + h * 0.45 + h * 0.55 * math.sin(t * math.pi / 2)))
    return pts


def draw(size, safe):
    """`safe`: fraction of the size the artwork may use (maskable icons keep to the centre)."""
    scale = 4  # draw large, then downsample for smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), RED)
    d = ImageDraw.Draw(img)
    w, h = s * safe * 0.78, s * safe * 0.9
    d.polygon(shield(s / 2, s / 2, w, h), outline=GOLD, width=max(2, int(s * 0.035)))
    d.polygon(star(s / 2, s / 2 - h * 0.04, w * 0.3, w * 0.12), fill=GOLD)
    return img.resize((size, size), Image.LANCZOS)


OUT.mkdir(parents=True, exist_ok=True)
for size in (192, 512):
    draw(size, 0.9).save(OUT / f"icon-{size}.png", optimize=True)
    draw(size, 0.62).save(OUT / f"maskable-{size}.png", optimize=True)
print("icons written to", OUT)
