"""Publish-ready checks on the built seed site, in Debian's chromium (issue 5, REPORT-PAGE.md).

For the site index and the report page at mobile and desktop sizes: axe-core WCAG 2.x A/AA,
the Nu HTML checker, console errors and failed requests, internal references, JSON-LD, a
screenshot, reflow at 320 px, sub-path and file:// loading, reproducibility and page weight.
"""

from __future__ import annotations

import filecmp
import gzip
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .conftest import (
    PAGES,
    REPO_ROOT,
    REPORT_SLUG,
    VIEWPORTS,
    PageLog,
    broken_css_refs,
    broken_refs,
    build_site,
    format_violations,
    format_vnu,
    load_all_images,
    published_root_path,
    run_axe,
    watch_page,
)

JST_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\+09:00$")
# An event whose programme gives no times has dates alone (schema.org allows a Date): never
# an invented T00:00-T23:59.
JST_DATE_OR_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?\+09:00)?$")
ATTENDANCE_MODES = {
    f"https://schema.org/{m}AttendanceMode" for m in ("OnlineEvent", "OfflineEvent", "MixedEvent")
}
EVENT_STATUSES = {
    f"https://schema.org/Event{s}"
    for s in ("Scheduled", "MovedOnline", "Rescheduled", "Postponed", "Cancelled")
}


@dataclass(frozen=True)
class Visit:
    """What one page at one viewport showed: problems, axe result, screenshot path."""

    page: str
    viewport: tuple[int, int]
    log: PageLog
    violations: list[dict[str, Any]]
    screenshot: Path


@pytest.fixture(
    scope="module",
    params=[(p, v) for p in PAGES for v in VIEWPORTS],
    ids=[f"{p}-{v}" for p in PAGES for v in VIEWPORTS],
)
def visit(
    request: pytest.FixtureRequest, browser: Any, site_url: str, artifacts_dir: Path
) -> Visit:
    """Load a page once per viewport and gather everything the per-check tests assert on."""
    page_key, viewport_key = request.param
    width, height = VIEWPORTS[viewport_key]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    try:
        page = context.new_page()
        log = watch_page(page)
        page.goto(site_url + PAGES[page_key], wait_until="load")
        load_all_images(page)
        page.wait_for_load_state("networkidle")
        violations = run_axe(page)
        shot = artifacts_dir / f"{page_key}-{viewport_key}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")
        return Visit(page_key, (width, height), log, violations, shot)
    finally:
        context.close()


def test_axe_reports_no_wcag_a_aa_violations(visit: Visit) -> None:
    if visit.violations:
        pytest.fail(
            f"axe-core violations on {visit.page} at {visit.viewport}:\n"
            + format_violations(visit.violations),
            pytrace=False,
        )


def test_no_console_errors_or_failed_requests(visit: Visit) -> None:
    if visit.log.problems():
        pytest.fail("\n".join(visit.log.problems()), pytrace=False)


def test_no_third_party_requests(visit: Visit, site_url: str) -> None:
    """Every request goes to the site itself: no fonts, analytics or video host (a recording
    is a facade until its button is pressed)."""
    assert visit.log.requests, "the page made no request at all"
    foreign = [u for u in visit.log.requests if not u.startswith((site_url, "data:", "blob:"))]
    assert foreign == [], f"{visit.page} at {visit.viewport} asked other hosts: {foreign}"


def test_full_page_screenshot_is_kept(visit: Visit) -> None:
    data = visit.screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert width == visit.viewport[0]
    assert height >= visit.viewport[1], "a full-page screenshot is at least one screen tall"


def test_nu_checker_reports_no_errors(
    built_site: Path, vnu: Callable[[list[Path]], list[dict[str, Any]]]
) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert {built_site / p for p in PAGES.values()} <= set(pages)
    errors = vnu(pages)
    if errors:
        pytest.fail("Nu HTML checker errors:\n" + format_vnu(errors), pytrace=False)


def test_every_internal_reference_exists(built_site: Path) -> None:
    problems = []
    for html in sorted(built_site.rglob("*.html")):
        where = html.relative_to(built_site)
        # Only the 404 page may use root-relative URLs (servers show it at any depth).
        root_path = published_root_path(built_site) if str(where) == "404.html" else None
        problems += [f"{where}: {p}" for p in broken_refs(html, built_site, root_path)]
    for css in sorted(built_site.rglob("*.css")):
        where = css.relative_to(built_site)
        problems += [f"{where}: {p}" for p in broken_css_refs(css, built_site)]
    if problems:
        pytest.fail("broken internal references:\n" + "\n".join(problems), pytrace=False)


# --------------------------------------------------------------------------- JSON-LD


@pytest.fixture(scope="module")
def report_page(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.goto(site_url + PAGES["report"], wait_until="load")
    yield page
    context.close()


def jsonld_blocks(page: Any) -> list[str]:
    texts: list[str] = page.eval_on_selector_all(
        'script[type="application/ld+json"]', "els => els.map(e => e.textContent)"
    )
    return texts


_JSONLD = re.compile(
    r"<script\b[^>]*\btype=\"?application/ld\+json\"?[^>]*>(.*?)</script>", re.DOTALL | re.I
)


def test_every_jsonld_block_parses(built_site: Path) -> None:
    blocks = 0
    for html in sorted(built_site.rglob("*.html")):
        for text in _JSONLD.findall(html.read_text(encoding="utf-8")):
            blocks += 1
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                pytest.fail(f"{html.relative_to(built_site)}: JSON-LD does not parse: {exc}")
            nodes = data if isinstance(data, list) else [data]
            assert all("schema.org" in json.dumps(n.get("@context")) for n in nodes), html
    assert blocks >= 1, "the built site carries no JSON-LD at all"


def _one(value: Any) -> Any:
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _by_type(graph: list[dict[str, Any]], type_name: str) -> list[dict[str, Any]]:
    def types(node: dict[str, Any]) -> list[str]:
        t = node.get("@type", [])
        return t if isinstance(t, list) else [t]

    return [node for node in graph if type_name in types(node)]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def report_graph(report_page: Any) -> list[dict[str, Any]]:
    blocks = jsonld_blocks(report_page)
    assert len(blocks) == 1, f"expected exactly one JSON-LD block, found {len(blocks)}"
    data = json.loads(blocks[0])
    assert isinstance(data, dict) and isinstance(data.get("@graph"), list), "expected an @graph"
    graph: list[dict[str, Any]] = data["@graph"]
    return graph


def test_report_article_matches_page(report_page: Any, report_graph: list[dict[str, Any]]) -> None:
    articles = _by_type(report_graph, "Article")
    events = _by_type(report_graph, "Event")
    assert len(articles) == 1 and len(events) == 1, "one Article and one top-level Event"
    article, event = articles[0], events[0]
    h1 = report_page.locator("h1")
    assert h1.count() == 1
    assert _squash(article["headline"]) == _squash(h1.inner_text())
    assert JST_DATETIME.match(article["datePublished"]), article["datePublished"]
    if "dateModified" in article:
        assert JST_DATETIME.match(article["dateModified"]), article["dateModified"]
    html_lang = report_page.evaluate("document.documentElement.lang")
    assert article["inLanguage"] == html_lang
    about = _one(article["about"])
    assert isinstance(about, dict) and about.get("@id"), "about must reference the Event by @id"
    assert about["@id"] == event.get("@id")
    image = _one(article["image"])
    image_url = image.get("url") if isinstance(image, dict) else image
    assert isinstance(image_url, str) and image_url.startswith(("https://", "http://"))


def _day_session_counts(page: Any) -> dict[str, int]:
    """Day date (from the <time datetime> in each day's <h2>) -> sessions in its section.

    A session is a <section>/<article> with an <h3> inside the day's section; a box holding
    only photos (figures and no paragraph outside them) is the day's gallery, not a session.
    """
    counts: dict[str, int] = page.evaluate(
        """() => {
            const out = {};
            const photosOnly = box => box.querySelector('figure') &&
                !Array.from(box.querySelectorAll('p')).some(p => !p.closest('figure'));
            for (const h2 of document.querySelectorAll('main h2')) {
                const time = h2.querySelector('time[datetime]');
                if (!time) continue;
                const day = h2.closest('section, article');
                const sessions = new Set();
                for (const h3 of day.querySelectorAll('h3')) {
                    const box = h3.closest('section, article');
                    if (box && box !== day && !photosOnly(box)) sessions.add(box);
                }
                out[time.getAttribute('datetime').slice(0, 10)] = sessions.size;
            }
            return out;
        }"""
    )
    return counts


def _section_text(page: Any, node_id: str) -> str | None:
    """Whitespace-free text of the element a JSON-LD @id fragment names, if the page has it."""
    fragment = node_id.partition("#")[2]
    if not fragment:
        return None
    text: str | None = page.evaluate(
        "id => { const el = document.getElementById(id); return el ? el.innerText : null; }",
        fragment,
    )
    return None if text is None else re.sub(r"\s+", "", text)


def _check_performer(person: dict[str, Any], shown: str | None) -> None:
    """name (without 氏), affiliation with a name, jobTitle when known; all as on the page."""
    assert person.get("@type") == "Person", person
    name = person.get("name", "")
    assert name and not name.endswith("氏"), person
    affiliations = person.get("affiliation")
    affiliations = affiliations if isinstance(affiliations, list) else [affiliations]
    assert affiliations and all(isinstance(a, dict) and a.get("name") for a in affiliations)
    if shown is None:
        return
    assert re.sub(r"\s+", "", name) in shown, f"{person} not in its session"
    # Word by word: one jobTitle may join several roles, an affiliation may repeat the
    # organisation the page names once for two speakers.
    for text in [person.get("jobTitle") or "", *(a["name"] for a in affiliations)]:
        for word in re.split(r"[\s、,/／]+", text):
            assert word in shown, f"{word!r} of {person} not in its session"


def test_report_event_graph_matches_page(
    report_page: Any, report_graph: list[dict[str, Any]]
) -> None:
    (event,) = _by_type(report_graph, "Event")
    assert event.get("name")
    for key in ("startDate", "endDate"):
        assert JST_DATE_OR_DATETIME.match(event[key]), f"Event.{key} = {event.get(key)!r}"
        assert "T00:00" not in event[key] and "T23:59" not in event[key], event[key]
    assert event["eventAttendanceMode"] in ATTENDANCE_MODES
    assert event["eventStatus"] in EVENT_STATUSES
    location = _one(event["location"])
    assert isinstance(location, dict)
    if location.get("@type") == "VirtualLocation":
        assert location.get("url", "").startswith(("https://", "http://"))
    else:
        assert location.get("name") or location.get("address")
    organizer = _one(event["organizer"])
    assert isinstance(organizer, dict) and organizer.get("name") and organizer.get("url")

    days = event["subEvent"] if isinstance(event["subEvent"], list) else [event["subEvent"]]
    dom_counts = _day_session_counts(report_page)
    assert len(days) == len(dom_counts) >= 1, f"JSON-LD days vs DOM days {dom_counts}"
    performers = job_titles = 0
    for day in days:
        date = day["startDate"][:10]
        sessions = day.get("subEvent", [])
        sessions = sessions if isinstance(sessions, list) else [sessions]
        assert len(sessions) == dom_counts.get(date), f"sessions on {date}: DOM {dom_counts}"
        for session in sessions:
            assert session.get("name")
            shown = _section_text(report_page, session.get("@id", ""))
            people = session.get("performer", [])
            for performer in people if isinstance(people, list) else [people]:
                # A speaker with a session role: a PerformanceRole with the Person inside.
                person = performer.get("performer", performer)
                assert person is performer or performer.get("roleName"), performer
                performers += 1
                job_titles += bool(person.get("jobTitle"))
                _check_performer(person, shown)
    assert performers > 0, "no session carries performers"
    assert job_titles > 0, "no performer carries a jobTitle"


# --------------------------------------------------------------------------- what is read aloud

# Marks the theme draws with CSS for the eye only (REPORT-PAGE R3): no accessible name or
# text may contain one.
DRAWN_MARKS = re.compile("[‹›■◆▶]")


def _accessibility_tree(page: Any) -> list[dict[str, Any]]:
    """Chromium's own accessibility tree (CDP), the nodes a screen reader is given."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes: list[dict[str, Any]] = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [node for node in nodes if not node.get("ignored")]


def _name(node: dict[str, Any]) -> str:
    return str(node.get("name", {}).get("value", ""))


@pytest.mark.parametrize("page_key", ["report", "symposium"])
def test_screen_readers_hear_no_drawn_marks(browser: Any, site_url: str, page_key: str) -> None:
    """The back link is 「サイトへ戻る」, not 「‹ サイトへ戻る」; the breadcrumb's › and the
    headings' ■ and ◆ are not read (CSS ``content: "›" / ""``)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(site_url + PAGES[page_key], wait_until="load")
        nodes = _accessibility_tree(page)
    finally:
        context.close()
    links = [_name(n) for n in nodes if n.get("role", {}).get("value") == "link"]
    assert "サイトへ戻る" in links, links
    assert page_key != "report" or "ホーム" in links  # the breadcrumb's first step
    heard = [(n.get("role", {}).get("value"), _name(n)) for n in nodes]
    assert [h for h in heard if DRAWN_MARKS.search(h[1])] == []


# --------------------------------------------------------------------------- layout and loading


@pytest.mark.parametrize("page_key", list(PAGES))
def test_no_horizontal_scroll_at_320px(browser: Any, site_url: str, page_key: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(site_url + PAGES[page_key], wait_until="load")
        load_all_images(page)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"scrollWidth {widths[0]} > clientWidth {widths[1]}"
    finally:
        context.close()


def _assert_fully_loaded(page: Any, where: str) -> None:
    """Every linked stylesheet loaded (with rules), every image decoded, the heading rendered.

    A stylesheet that failed to load has no `sheet`; from file:// a loaded sheet's rules are
    unreadable (opaque origin), so there rules are counted only where readable (-1 otherwise).
    """
    load_all_images(page)
    state = page.evaluate(
        """() => ({
            sheets: Array.from(document.querySelectorAll('link[rel~="stylesheet"]')).map(l => {
                if (!l.sheet) return [l.href, 0];
                try { return [l.href, l.sheet.cssRules.length]; } catch (e) { return [l.href, -1]; }
            }),
            broken: Array.from(document.images).filter(i => !i.naturalWidth)
                          .map(i => i.currentSrc || i.src),
            h1: document.querySelectorAll('h1').length,
        })"""
    )
    assert state["sheets"], f"{where}: no stylesheet"
    readable = not where.startswith("file:")
    for href, rules in state["sheets"]:
        assert rules > 0 or (rules == -1 and not readable), f"{where}: {href} not loaded"
    assert not state["broken"], f"{where}: images not loaded: {state['broken']}"
    assert state["h1"] == 1, f"{where}: page did not render its heading"


@pytest.fixture(scope="module")
def subpath_copy(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site copied to <tmp>/a/b/, as if deployed under a sub-path."""
    top = tmp_path_factory.mktemp("subpath")
    shutil.copytree(built_site, top / "a" / "b")
    return top


def test_site_works_under_a_sub_path_over_http(
    browser: Any, subpath_copy: Path, serve: Callable[[Path], str]
) -> None:
    base = serve(subpath_copy) + "a/b/"
    context = browser.new_context(locale="ja-JP")
    try:
        page = context.new_page()
        log = watch_page(page)
        page.goto(base, wait_until="load")
        _assert_fully_loaded(page, "index at /a/b/")
        report_links = page.eval_on_selector_all(
            f'a[href*="{REPORT_SLUG}"]', "els => els.map(a => a.href)"
        )
        assert report_links, "the index links to the bundled report"
        for url in sorted(set(report_links)):
            assert url.startswith(base), f"{url} escapes the /a/b/ sub-path"
            page.goto(url, wait_until="load")
            _assert_fully_loaded(page, url)
            for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
                if href.startswith(base):
                    response = page.request.get(href.split("#")[0])
                    assert response.ok, f"{href} -> {response.status}"
        assert not log.problems(), "\n".join(log.problems())
    finally:
        context.close()


def test_site_works_from_file_urls(browser: Any, subpath_copy: Path) -> None:
    root = subpath_copy / "a" / "b"
    context = browser.new_context(locale="ja-JP")
    try:
        page = context.new_page()
        log = watch_page(page)
        for rel in PAGES.values():
            url = (root / rel).as_uri()
            page.goto(url, wait_until="load")
            _assert_fully_loaded(page, url)
        # Navigation by following the index's link lands on a page, not a folder listing.
        page.goto((root / "index.html").as_uri(), wait_until="load")
        page.locator(f'main a[href*="{REPORT_SLUG}"]').first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(".html"), f"followed link to {page.url}: a folder on file://"
        _assert_fully_loaded(page, page.url)
        assert not log.problems(), "\n".join(log.problems())
    finally:
        context.close()


# --------------------------------------------------------------------------- build properties


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Build twice from two copies of the sources at different paths; compare every byte."""
    skip = shutil.ignore_patterns(
        ".git", ".venv", "venv", ".tools", "_site*", ".seminar-cache", "*cache*", "node_modules"
    )
    roots = []
    for name in ("one", "two"):
        root = tmp_path / name / "src-root"
        shutil.copytree(REPO_ROOT, root, ignore=skip)
        roots.append(root)
    out_one = build_site(roots[0], tmp_path / "one" / "out")
    out_two = build_site(roots[1], tmp_path / "two" / "out")
    assert _tree(out_one) == _tree(out_two)
    files = [p for p in _tree(out_one) if (out_one / p).is_file()]
    assert files, "the build wrote nothing"
    _, mismatch, errors = filecmp.cmpfiles(out_one, out_two, files, shallow=False)
    assert not mismatch and not errors, f"differ: {mismatch} unreadable: {errors}"


def test_report_page_weight_under_40kb_gzipped(built_site: Path) -> None:
    report = built_site / PAGES["report"]
    html = report.read_text(encoding="utf-8")
    refs = re.findall(r'<link\b[^>]*\brel="?stylesheet"?[^>]*>|<script\b[^>]*\bsrc=[^>]*>', html)
    assets = []
    for tag in refs:
        match = re.search(r'\b(?:href|src)="?([^"\s>]+)', tag)
        assert match, tag
        assets.append((report.parent / match.group(1)).resolve())
    assert any(a.suffix == ".css" for a in assets), "report page links no stylesheet"
    sizes = {str(p): len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in [report, *assets]}
    total = sum(sizes.values())
    assert total < 40 * 1024, f"{total} bytes gzipped: {sizes}"
