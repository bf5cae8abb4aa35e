#!/usr/bin/env python3
"""Draws the app icons into static/icons/: icon.svg, icon-{192,512}.png (a rounded square, for
tabs and launchers) and maskable-{192,512}.png (full bleed: launchers that cut their own shape
keep the mark inside the safe circle, 80% of the size, which the mark never leaves).

Standard library only (zlib, struct), so a fresh machine can redraw them; the PNGs are committed
and Trunk copies them, so the build never runs this. Run from the project root:
    python3 static/make_icons.py

The mark: a dot sending waves both ways, as a broker does, white on the accent colour of
style/main.css. Edges are antialiased from signed distances, not by supersampling, so a 512 px
icon draws in a second or two.
"""
import math
import os
import struct
import zlib

ACCENT = (0xFF, 0x6A, 0x00)  # --accent in style/main.css
MARK = (0xFF, 0xFF, 0xFF)

# Geometry as fractions of the icon's side.
CORNER = 0.22  # corner radius of the rounded square
DOT = 0.075  # radius of the centre dot
WAVES = (0.19, 0.30)  # radii of the two waves on each side
STROKE = 0.065  # width of a wave
SPREAD = math.radians(45)  # each wave spans this far either side of the horizontal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icons")


def rounded_square(x, y, size, radius):
    """Signed distance from (x, y) to a square of `size` at the origin with round corners."""
    half = size / 2
    qx = abs(x - half) - (half - radius)
    qy = abs(y - half) - (half - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def wave(dx, dy, radius, width):
    """Signed distance to an arc of `radius` around the origin facing right, with round ends."""
    angle = math.atan2(dy, dx)
    if abs(angle) <= SPREAD:
        return abs(math.hypot(dx, dy) - radius) - width / 2
    ex = radius * math.cos(SPREAD)
    ey = math.copysign(radius * math.sin(SPREAD), dy)
    return math.hypot(dx - ex, dy - ey) - width / 2


def mark(x, y, size):
    """Signed distance to the mark (dot and waves), mirrored left and right."""
    dx = abs(x - size / 2)
    dy = y - size / 2
    d = math.hypot(dx, dy) - DOT * size
    for r in WAVES:
        d = min(d, wave(dx, dy, r * size, STROKE * size))
    return d


def coverage(distance):
    """How much of a pixel a shape covers, from the distance of the pixel's centre to its edge."""
    return min(max(0.5 - distance, 0.0), 1.0)


def draw(size, maskable):
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 (none) for this row
        for px in range(size):
            x, y = px + 0.5, py + 0.5
            back = 1.0 if maskable else coverage(rounded_square(x, y, size, CORNER * size))
            ink = coverage(mark(x, y, size))
            rgb = [round(a + (b - a) * ink) for a, b in zip(ACCENT, MARK)]
            row += bytes(rgb) + bytes([round(255 * back)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, pixels):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels, 9))
        + chunk(b"IEND", b"")
    )


def svg():
    s = 512
    c = s / 2
    hexcolour = "#%02x%02x%02x" % ACCENT
    paths = []
    for r in WAVES:
        r *= s
        ex, ey = r * math.cos(SPREAD), r * math.sin(SPREAD)
        # Clockwise (sweep 1) from the upper end to the lower on the right, lower to upper on
        # the left.
        paths.append(f"M{c + ex:.1f} {c - ey:.1f}A{r:.1f} {r:.1f} 0 0 1 {c + ex:.1f} {c + ey:.1f}")
        paths.append(f"M{c - ex:.1f} {c + ey:.1f}A{r:.1f} {r:.1f} 0 0 1 {c - ex:.1f} {c - ey:.1f}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {s} {s}">'
        f'<rect width="{s}" height="{s}" rx="{CORNER * s:.1f}" fill="{hexcolour}"/>'
        f'<path d="{"".join(paths)}" fill="none" stroke="#fff" '
        f'stroke-width="{STROKE * s:.1f}" stroke-linecap="round"/>'
        f'<circle cx="{c:.0f}" cy="{c:.0f}" r="{DOT * s:.1f}" fill="#fff"/>'
        "</svg>\n"
    )


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "icon.svg"), "w", encoding="utf-8") as f:
        f.write(svg())
    for size in (192, 512):
        for name, maskable in (("icon", False), ("maskable", True)):
            with open(os.path.join(OUT, f"{name}-{size}.png"), "wb") as f:
                f.write(png(size, draw(size, maskable)))


if __name__ == "__main__":
    main()
