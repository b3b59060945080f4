"""How long the briefing PDF takes to render: realistic packs (tools/briefing_sample.py) of about
5, 20 and 40 pages, each rendered several times. The first render of each pack starts with no
street tiles decoded ("cold", as the hub's first briefing of an area); later ones find them in
the shared cache ("warm"). Prints pages, size, cold time, and the median and max of the warm
runs.

    python bench/briefing_pdf.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import pypdfium2 as pdfium  # noqa: E402
from briefing_sample import STREETS, sample_pack, sample_photos  # noqa: E402

from controlroom.briefings.pdf import render  # noqa: E402
from controlroom.briefings.streets import street_tiles  # noqa: E402

PACKS = {5: 26, 20: 134, 40: 290}  # pages wanted -> items that make about that many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'pages':>5} {'items':>5} {'KiB':>6} {'cold s':>7} {'warm median s':>14} {'max s':>6}")
    for wanted, items in PACKS.items():
        briefing, hotspots, outline = sample_pack(items, seed=wanted)
        photos = sample_photos()
        times, pdf = [], b""
        street_tiles(STREETS).forget()
        for _ in range(args.runs + 1):
            started = time.perf_counter()
            pdf = render(
                briefing,
                produced_at=datetime.now(UTC),
                photos=photos,
                hotspots=hotspots,
                outline=outline,
                streets=STREETS,
            )
            times.append(time.perf_counter() - started)
        pages = len(pdfium.PdfDocument(pdf))
        warm = times[1:]
        print(
            f"{pages:>5} {items:>5} {len(pdf) / 1024:>6.0f} {times[0]:>7.2f} "
            f"{statistics.median(warm):>14.2f} {max(warm):>6.2f}"
        )


if __name__ == "__main__":
    main()
