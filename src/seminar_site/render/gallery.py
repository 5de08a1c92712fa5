"""The gallery's justified rows (static/css/gallery.css) worked out at build time, so that each
photo's ``sizes`` says how wide the browser really draws it (R12).

The rows are laid out by the browser's flexbox, and a row's photos share its width by their
shapes: a photo alone at the end of a row is drawn much wider than one of three. A single
``sizes`` for every photo makes the wide ones load a file smaller than they are drawn (blurry)
and the narrow ones larger files than they need. So the build lays the rows out as CSS flexbox
does, at every viewport width of a few bands, and gives each photo the widest it is drawn in
each band. The constants below are gallery.css's and site.css's: change them together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from seminar_site.photos.plan import SMALLEST_ROW

#: The justified rows' target height in CSS px, and the widest shape shown whole in a row:
#: a wider panorama is shown cropped to this shape (whole in the lightbox), never as a sliver.
ROW_HEIGHT = 180
WIDEST = 3.0

PHONE_ROW = SMALLEST_ROW  # gallery.css: --row below 40em
WIDE_FROM = 640  # 40em: --row becomes ROW_HEIGHT
GAP = 6  # 0.375rem between the photos of a row
GROWTH = 2.5  # a photo grows to at most this times the row height
COLUMN = 640  # site.css --measure: main's content box is at most 40rem
PADDING = 32  # main's padding, 1rem each side
#: Viewport bands (their lowest width; the first also its own highest) for which ``sizes``
#: gives one width each: phones, large phones, small tablets, the 40em step, the full column.
BANDS = (280, 360, 400, 480, WIDE_FROM, COLUMN + PADDING)


def row_layout(width: int, height: int) -> dict[str, Any]:
    """How one photo sits in the gallery's justified rows (static/css/gallery.css): its
    shape (flex-grow and basis proportional to it, so every photo of a row has one height)
    and the widest it may be shown, its real width (a small photo is never enlarged)."""
    ratio = min(width / height, WIDEST)
    basis = round(ratio * ROW_HEIGHT)
    max_width = min(width, round(height * ratio))  # a cropped panorama: no taller than its file
    return {
        "ratio": format(ratio, ".4f"),
        "basis": basis,
        "max_width": max_width,
        "cropped": width / height > WIDEST,
    }


def _grow(items: list[tuple[float, float, float]], space: float) -> list[float]:
    """One flex line's main sizes: CSS Flexbox §9.7 for growing items, ``items`` as
    (flex-grow = flex-basis factor, flex-basis, max-width); min-width is 0."""
    sizes = [min(basis, top) for _, basis, top in items]
    frozen = [basis >= top for _, basis, top in items]  # clamped already: inflexible
    initial = space - sum(sizes)
    while not all(frozen):
        held = zip(sizes, frozen, items, strict=True)
        free = space - sum(size if done else basis for size, done, (_, basis, _) in held)
        grow = sum(g for f, (g, _, _) in zip(frozen, items, strict=True) if not f)
        if grow < 1:
            free = min(free, initial * grow)
        violation = 0.0
        for i, (g, basis, top) in enumerate(items):
            if frozen[i]:
                continue
            target = basis + free * g / grow if free > 0 else basis
            sizes[i] = min(target, top)
            violation += sizes[i] - target
        if violation == 0:
            break
        for i in range(len(items)):  # a max violation: freeze the items that hit their max
            if not frozen[i] and sizes[i] >= items[i][2]:
                frozen[i] = True
    return sizes


def drawn_widths(shapes: Sequence[tuple[float, int]], viewport: int) -> list[float]:
    """Each photo's drawn width in CSS px at ``viewport``: ``shapes`` are (ratio, max width)
    in gallery order, as :func:`row_layout` gives them."""
    container = min(viewport - PADDING, COLUMN)
    row = ROW_HEIGHT if viewport >= WIDE_FROM else PHONE_ROW
    items = [
        (ratio, ratio * row, min(container, max_width, ratio * row * GROWTH))
        for ratio, max_width in shapes
    ]
    widths: list[float] = []
    line: list[tuple[float, float, float]] = []
    used = 0.0
    for item in items:
        outer = min(item[1], item[2])
        if line and used + GAP + outer > container:
            widths += _grow(line, container - GAP * (len(line) - 1))
            line, used = [], 0.0
        used += outer + (GAP if line else 0)
        line.append(item)
    if line:
        widths += _grow(line, container - GAP * (len(line) - 1))
    return widths


def gallery_sizes(shapes: Sequence[tuple[float, int]]) -> list[str]:
    """A ``sizes`` value per photo: the widest it is drawn in each viewport band, the widest
    band first; neighbouring bands that want the same width are one."""
    if not shapes:
        return []
    edges = [*BANDS[1:], BANDS[-1] + 1]
    widest = [_widest_in(shapes, low, high) for low, high in zip(BANDS, edges, strict=True)]
    values = []
    for index in range(len(shapes)):
        runs: list[tuple[int, int]] = []  # (lowest viewport, px), narrowest band first
        for low, band in zip(BANDS, widest, strict=True):
            if not runs or runs[-1][1] != band[index]:
                runs.append((low, band[index]))
        parts = [f"(min-width: {low}px) {px}px" for low, px in reversed(runs[1:])]
        parts.append(f"min({runs[0][1]}px, calc(100vw - 2rem))")  # and narrower screens
        values.append(", ".join(parts))
    return values


def _widest_in(shapes: Sequence[tuple[float, int]], low: int, high: int) -> list[int]:
    """Each photo's widest drawn width at the viewports ``low`` to ``high - 1`` (one band: one
    row height, and a container of viewport - PADDING px).

    The speed trick of this module: the rows break where a run of photos stops fitting, at
    container widths that the photos' own widths give (a photo's, or a run's with its gaps),
    and while the rows stay as they are, every photo only grows with the viewport. So the
    widest a photo is drawn is at the last viewport before a break moves, or at the band's
    top: those few viewports are laid out, not every one (``_widest_by_scan``, the plain way,
    gives the same: tests/test_gallery_layout.py)."""
    row = ROW_HEIGHT if low >= WIDE_FROM else PHONE_ROW
    tops = [min(ratio * row, max_width) for ratio, max_width in shapes]  # at full width
    lowest, highest = min(low - PADDING, COLUMN), min(high - 1 - PADDING, COLUMN)
    viewports = {high - 1}
    for first in range(len(tops)):
        run = -float(GAP)
        for top in tops[first:]:
            run += GAP + top
            if run > highest:
                break
            # A run fits from a container as wide as it; a photo as wide as the container is
            # alone on its row until the container is wider than it.
            near = round(run)
            lasts = {math.floor(top)} if run == top else {math.ceil(run) - 1}
            if abs(run - near) < 1e-6:  # on a whole pixel: the sums' rounding may go either way
                lasts |= {near - 1, near}
            viewports.update(last + PADDING for last in lasts if lowest <= last < highest)
    laid = [drawn_widths(shapes, viewport) for viewport in sorted(viewports)]
    return [math.ceil(max(column) - 0.01) for column in zip(*laid, strict=True)]


def _widest_by_scan(shapes: Sequence[tuple[float, int]], low: int, high: int) -> list[int]:
    """:func:`_widest_in` the plain way, every viewport laid out (for its differential test)."""
    laid = [drawn_widths(shapes, viewport) for viewport in range(low, high)]
    return [math.ceil(max(column) - 0.01) for column in zip(*laid, strict=True)]
