"""The Japanese fonts a PDF embeds: subsets of an installed Japanese face, as TrueType.

Chromium's PDF writer (Skia) embeds only TrueType-outline fonts as real, subset CID fonts;
a CFF-outline font such as Noto Sans CJK (and every face inside a .ttc collection) becomes a
pile of unnamed Type 3 glyph procedures, which PDF checkers and text tools handle badly. So
the export makes, per report, a subset of the installed Japanese face (the JP one: no
Chinese glyph forms) holding only the characters on the page, with its CFF outlines turned
into TrueType ones (fontTools), and hands Chromium those files as web fonts. The subsets are
cached under ``.seminar-cache/pdf-fonts`` by face and character set: a second export of an
unchanged report makes none.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.system.atomic import replace_atomically

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

log = logging.getLogger(__name__)

FAMILY = "seminar-site-pdf"  # the CSS family name the print page uses
# Japanese faces, best first (each is a Japanese design: no Chinese glyph forms).
JAPANESE_FAMILIES = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "IPAexGothic",
    "IPAGothic",
)
FONT_ENV = "SEMINAR_SITE_PDF_FONT"  # font files to use instead: regular[:bold]
# Always in the subset: what print CSS and the margins add (markers, brackets, digits).
EXTRA_CHARS = "".join(map(chr, range(0x20, 0x7F))) + "■◆‹›・、。「」（）：〜…"
_VERSION = "1"  # bump when the subsetting changes, so cached subsets are made anew
_KEEP = 16  # cached subsets kept (the newest)


@dataclass(frozen=True)
class Face:
    """One installed font face: a file, the face's index in a collection, its CSS weight."""

    path: Path
    index: int
    weight: int


@dataclass(frozen=True)
class PrintFont:
    """A subset made for one page: the TrueType file and the CSS weight it stands for."""

    path: Path
    weight: int


def _missing_font() -> SiteError:
    return SiteError(
        _("no Japanese font was found for the PDF"),
        hint=_(
            "install Noto Sans CJK (Debian: 'apt-get install fonts-noto-cjk'), or set "
            "SEMINAR_SITE_PDF_FONT to a Japanese font file (.ttf, .otf, .ttc), or to two "
            "(regular:bold)"
        ),
    )


def find_faces() -> tuple[Face, Face]:
    """The regular and bold Japanese faces to subset (fontconfig's list, best family first).

    ``SEMINAR_SITE_PDF_FONT`` names the font files to use instead: ``regular`` or
    ``regular:bold`` (os.pathsep between them); with one file, bold text prints regular.
    """
    configured = os.environ.get(FONT_ENV)
    if configured:
        paths = [Path(part) for part in configured.split(os.pathsep) if part][:2]
        if not paths or not all(path.is_file() for path in paths):
            raise _missing_font()
        return Face(paths[0], 0, 400), Face(paths[-1], 0, 700)
    listed = _fontconfig_faces()
    for family in JAPANESE_FAMILIES:
        weights = {weight: face for name, weight, face in listed if name == family}
        if weights:
            regular = weights.get(400) or next(iter(weights.values()))
            bold = weights.get(700) or regular
            return Face(regular.path, regular.index, 400), Face(bold.path, bold.index, 700)
    raise _missing_font()


def _fontconfig_faces() -> list[tuple[str, int, Face]]:
    """(family, CSS weight 400 or 700, face) for every Japanese regular or bold face."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        proc = subprocess.run(
            [fc_list, "--format", "%{family}|%{weight}|%{file}|%{index}\n", ":lang=ja"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(proc.stdout.splitlines()):
        parts = line.split("|")
        if len(parts) != 4 or not parts[1].isdigit() or not parts[3].isdigit():
            continue
        families, fc_weight, file, index = parts
        weight = {80: 400, 200: 700}.get(int(fc_weight))  # fontconfig's regular and bold
        if weight is None:
            continue
        for family in families.split(","):
            found.append((family, weight, Face(Path(file), int(index), weight)))
    return found


def page_chars(texts: Iterable[str]) -> str:
    """The sorted characters a page can show: its texts plus what print CSS adds."""
    chars = set(EXTRA_CHARS)
    for text in texts:
        chars.update(text)
    return "".join(sorted(ch for ch in chars if ch.isprintable() or ch == "\u3000"))


class Subsets:
    """The subsets for one page: found in the cache, or being made in worker processes (one
    per face: fontTools is pure Python) while the caller does other work (starts Chromium).

    A context manager: leaving it stops the workers, whether or not ``wait`` was called."""

    def __init__(self, faces: Sequence[Face], chars: str, cache: Path) -> None:
        _require_fonttools()
        cache.mkdir(parents=True, exist_ok=True)
        self._cache = cache
        self._wanted = [(face, _cached(face, chars, cache)) for face in faces]
        # Two weights drawn from one face (a single configured font) share one subset.
        missing = {path: face for face, path in self._wanted if not path.is_file()}
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[None]] = []
        if missing:
            from seminar_site.system.workers import process_pool

            self._pool = process_pool(len(missing))
            self._futures = [
                self._pool.submit(_make_subset, face, path, chars) for path, face in missing.items()
            ]

    def wait(self) -> tuple[PrintFont, ...]:
        """The subsets, once made (a worker's SiteError is raised here)."""
        for future in self._futures:
            future.result()
        self.close()
        for _face, path in self._wanted:
            os.utime(path)  # in use: the newest, kept by _prune
        _prune(self._cache, {path for _face, path in self._wanted})
        return tuple(PrintFont(path, face.weight) for face, path in self._wanted)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Subsets:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def subset_fonts(faces: Sequence[Face], chars: str, cache: Path) -> tuple[PrintFont, ...]:
    """A TrueType subset of each face holding ``chars``: a cached one that holds them all
    (the same page again, or a page whose text only lost characters), or one made now."""
    with Subsets(faces, chars, cache) as subsets:
        return subsets.wait()


def _cached(face: Face, chars: str, cache: Path) -> Path:
    """The cached subset of ``face`` to use for ``chars``, or the name to make it under."""
    stat = face.path.stat()
    source = f"{_VERSION}|{face.path.resolve()}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}"
    face_key = hashlib.sha256(source.encode()).hexdigest()[:16]
    exact = cache / f"{face_key}-{hashlib.sha256(chars.encode()).hexdigest()[:16]}.ttf"
    if exact.is_file():
        return exact
    wanted = {ord(ch) for ch in chars}
    for candidate in sorted(cache.glob(f"{face_key}-*.ttf"), key=_age):
        if wanted <= _code_points(candidate):
            return candidate
    return exact


def _age(path: Path) -> float:
    return -path.stat().st_mtime


def _code_points(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    try:
        return set(TTFont(path, lazy=True).getBestCmap())
    except Exception:  # a damaged cache file is only a cache miss
        return set()


def _require_fonttools() -> None:
    try:
        import fontTools  # noqa: F401
    except ImportError as exc:
        raise SiteError(
            _("the PDF export needs the Python package fontTools"),
            hint=_("install seminar-site with its PDF extra: pip install 'seminar-site[pdf]'"),
        ) from exc


def _make_subset(face: Face, target: Path, chars: str) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        font.getGlyphOrder()
    except (OSError, TTLibError, AssertionError, KeyError, ValueError) as exc:
        raise SiteError(
            _("'{name}' is not a font file that the PDF export can read", name=face.path.name),
            hint=_(
                "give SEMINAR_SITE_PDF_FONT a TrueType or OpenType font (.ttf, .otf, .ttc), "
                "or remove it to use Noto Sans CJK"
            ),
        ) from exc
    options = subset.Options()
    options.layout_features = [*options.layout_features, "palt"]  # headings use palt
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in chars])
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_truetype(font)
    replace_atomically(target, lambda temp: font.save(str(temp)))
    log.debug("made PDF font subset %s (%d glyphs)", target.name, len(font.getGlyphOrder()))


def _cff_to_truetype(font: Any) -> None:
    """Turn a CFF-outline font into a TrueType one in place (quadratic outlines by cu2qu),
    which is what Chromium embeds as a subset CID font."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # max_err 1 unit of a 1000-unit em; CFF winds the other way round.
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"


def _prune(cache: Path, keep: set[Path]) -> None:
    """Keep the subsets in use and the newest others (a few reports' worth)."""
    others = sorted((path for path in cache.glob("*.ttf") if path not in keep), key=_age)
    for path in others[_KEEP:]:
        path.unlink(missing_ok=True)


def missing_chars(font: PrintFont, chars: str) -> list[str]:
    """The characters of ``chars`` (spaces aside) that the subset has no glyph for."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(font.path, lazy=True).getBestCmap()
    return [ch for ch in chars if not ch.isspace() and ord(ch) not in cmap]


def fit_text(font: PrintFont, text: str, size_pt: float, width_pt: float) -> str:
    """``text``, cut short with … so that it fits ``width_pt`` at ``size_pt`` in ``font``
    (by the glyphs' advance widths): the page margins cannot clip or wrap a long title."""
    from fontTools.ttLib import TTFont

    ttf = TTFont(font.path, lazy=True)
    cmap, metrics = ttf.getBestCmap(), ttf["hmtx"].metrics
    scale: float = size_pt / float(ttf["head"].unitsPerEm)

    def width(part: str) -> float:
        names = [cmap.get(ord(ch), ".notdef") for ch in part]
        return float(sum(metrics.get(name, (0, 0))[0] for name in names)) * scale

    if width(text) <= width_pt:
        return text
    while text and width(text + "…") > width_pt:
        text = text[:-1]
    return text.rstrip() + "…"


def font_face_css(sources: Iterable[tuple[str, int]]) -> str:
    """@font-face rules for the family ``FAMILY``: one per (URL, CSS weight)."""
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
        f'src: url("{url}") format("truetype"); }}'
        for url, weight in sources
    )
