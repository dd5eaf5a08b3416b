"""Draw the field app's home-screen icons (a white house on the trygg blue), no font or download needed.

    .venv/bin/python scripts/make-field-icons.py

writes src/trygg/web/static/trygg/fieldapp/icon-192.png and icon-512.png.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src/trygg/web/static/trygg/fieldapp"
BLUE = (0, 75, 135)
WHITE = (255, 255, 255)


def icon(size: int) -> Image.Image:
    image = Image.new("RGB", (size, size), BLUE)
    draw = ImageDraw.Draw(image)
    u = size / 16  # the drawing is on a 16 x 16 grid, inside the maskable safe zone
    draw.polygon([(3 * u, 8 * u), (8 * u, 3.5 * u), (13 * u, 8 * u)], fill=WHITE)  # roof
    draw.rectangle([4.5 * u, 7.5 * u, 11.5 * u, 12.5 * u], fill=WHITE)  # walls
    draw.rectangle([7 * u, 9.5 * u, 9 * u, 12.5 * u], fill=BLUE)  # door
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
