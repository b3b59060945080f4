"""Render a realistic briefing pack (Hanley's neighbourhood team, ``tools/briefing_sample.py``)
to PDF and its pages to PNG, to look at them; save its first two pages as the README's
screenshots.

    python tools/briefing_pdf_pages.py [--items 34] [--out /tmp/briefing] [--cleared]

Writes OUT/briefing.pdf and OUT/page-N.png, and (unless --no-screenshots) the front page as
docs/screenshots/briefing-page-1.png and the first page of places of interest (with their map
insets, after the people's photo slots and the vehicles) as briefing-page-2.png.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import pypdfium2 as pdfium  # noqa: E402
from briefing_sample import STREETS, sample_pack, sample_photos  # noqa: E402

from controlroom.briefings.pdf import render  # noqa: E402

SCREENSHOTS = ROOT / "docs" / "screenshots"
PRODUCED = datetime(2026, 12, 1, 13, 36, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=34)
    parser.add_argument("--out", type=Path, default=Path("/tmp/briefing"))
    parser.add_argument("--cleared", action="store_true", help="print handling code C items")
    parser.add_argument("--scale", type=float, default=1.6, help="pixels per point")
    parser.add_argument("--no-screenshots", action="store_true")
    args = parser.parse_args()
    briefing, hotspots, outline = sample_pack(args.items)
    pdf = render(
        briefing,
        produced_at=PRODUCED,
        photos=sample_photos(),
        hotspots=hotspots,
        outline=outline,
        streets=STREETS,
        cleared=args.cleared,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("page-*.png"):
        old.unlink()
    (args.out / "briefing.pdf").write_bytes(pdf)
    document = pdfium.PdfDocument(pdf)
    texts = [page.get_textpage().get_text_range() for page in document]
    places = next((i for i, text in enumerate(texts) if "Places of interest" in text), 1)
    shown = {0: "briefing-page-1.png", places: "briefing-page-2.png"}
    for number, page in enumerate(document, start=1):
        image = page.render(scale=args.scale).to_pil()
        image.save(args.out / f"page-{number}.png")
        if number - 1 in shown and not args.no_screenshots:
            image.save(SCREENSHOTS / shown[number - 1], optimize=True)
    print(f"{len(document)} pages, {len(pdf) / 1024:.0f} KiB: {args.out}/page-*.png")


if __name__ == "__main__":
    main()
