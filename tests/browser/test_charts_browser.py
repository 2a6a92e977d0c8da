"""Charts in a real browser: Debian's Chromium driven by Playwright against the built site.

The site is the repository's data plus one model whose name is HTML that would run script
if it were parsed, built with a ``site_url`` as a deployed site has (Material's instant
navigation needs one to know which links are its own).

Every page visit records the requests, console errors, page errors and dialogs it caused;
each test ends by checking that the page asked no other host and logged no error. Without
Chromium these tests fail (``browser.launch`` raises), they are never skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Frame, Page, sync_playwright

from benchsite import browser as chromium
from benchsite.build import build_site
from conftest import ROOT, copy_project

REPORT = "reports/async-cache-race/"
MODELS = 4  # the seed report's three and the hostile one
CHARTS = ["cost", "latency", "cost-latency"]
HOSTILE = "<img src=x onerror=alert(1)>"
REPORTS = sorted(p.parent.name for p in (ROOT / "data/reports").glob("*/report.json"))
MODEL = "models/claude-haiku-4-5/"  # a model of the seed report


@dataclass
class Visit:
    """A page and everything it did that a test may want to check afterwards."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        foreign = [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:")) and urlsplit(url).hostname != "127.0.0.1"
        ]
        assert foreign == [], "requests to other hosts"
        assert self.errors == [], "console or page errors"
        assert self.dialogs == [], "dialogs opened"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = chromium.launch(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    paths = copy_project(tmp_path_factory.mktemp("browser"))
    name = HOSTILE.replace('"', '""')
    with (paths.data / "reports/async-cache-race/results.csv").open("a") as handle:
        handle.write(f'"{name}",3000,1000,2000,,true,,Hostile name\n')
    with (paths.data / "prices.csv").open("a") as handle:
        handle.write(f'"{name}",10,20,2026-12-03,test price\n')
    with chromium.serve(paths.site) as url:
        # Material matches its sitemap against the page's address including the port.
        with paths.config.open("a") as handle:
            handle.write(f"\nsite_url: {url}\n")
        build_site(paths)
        yield url


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    """A fresh browser context (cold cache) with a wide window, recording what happens."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    seen = Visit(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on(
        "console", lambda message: message.type == "error" and seen.errors.append(message.text)
    )
    page.on("pageerror", lambda error: seen.errors.append(str(error)))

    def dialog(opened: Any) -> None:
        seen.dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    yield seen
    context.close()


def wait_drawn(where: Page | Frame, key: str, points: int) -> None:
    """Wait until the chart ``key`` has drawn ``points`` data points."""
    where.wait_for_function(
        """([key, points]) => {
            const el = document.querySelector(`.bench-chart[data-chart="${key}"]`);
            return el && el.dataset.drawn === "yes" &&
                el.querySelectorAll(".main-svg .trace .point").length === points;
        }""",
        arg=[key, points],
    )


def wait_all_drawn(where: Page | Frame, points: int = MODELS) -> None:
    for key in CHARTS:
        wait_drawn(where, key, points)


def colours(where: Page | Frame, key: str) -> dict[str, tuple[int, ...]]:
    """The chart's drawn background and title colour, and the palette's, as RGB."""
    found = where.evaluate(
        """(key) => {
            const el = document.querySelector(`.bench-chart[data-chart="${key}"]`);
            const probe = document.createElement("span");
            document.body.appendChild(probe);
            const css = (name) => {
                probe.style.color = `var(${name})`;
                return getComputedStyle(probe).color;
            };
            const palette = {bg: css("--md-default-bg-color"),
                             fg: css("--md-default-fg-color")};
            probe.remove();
            return {...palette, paper: el.querySelector(".main-svg").style.background,
                    title: el.querySelector(".gtitle").style.fill};
        }""",
        key,
    )
    return {name: rgb(value) for name, value in found.items()}


def rgb(css: str) -> tuple[int, ...]:
    numbers = re.findall(r"[\d.]+", css)
    assert len(numbers) >= 3, css
    return tuple(round(float(n)) for n in numbers[:3])


def assert_close(drawn: tuple[int, ...], wanted: tuple[int, ...]) -> None:
    assert all(abs(a - b) <= 2 for a, b in zip(drawn, wanted, strict=True)), (drawn, wanted)


def test_every_chart_draws_on_first_load(visit: Visit, site_url: str) -> None:
    visit.page.goto(site_url + REPORT)
    wait_all_drawn(visit.page)
    for key in CHARTS:
        label = visit.page.get_attribute(f'.bench-chart[data-chart="{key}"]', "aria-label")
        assert label and len(label) > 40  # title and description
    visit.assert_clean()


def test_charts_draw_after_instant_navigation_there_away_and_back(
    visit: Visit, site_url: str
) -> None:
    page = visit.page
    page.goto(site_url)
    page.evaluate("window.__sameDocument = true")
    # Material rewrites links to absolute addresses once the page has loaded.
    page.locator(f'article a[href$="/{REPORT}"]').first.click()
    page.wait_for_url(site_url + REPORT)
    wait_all_drawn(page)
    page.click("a.md-header__button.md-logo")
    page.wait_for_url(site_url)
    page.go_back()
    page.wait_for_url(site_url + REPORT)
    wait_all_drawn(page)
    # Instant navigation kept one document, so plotly.js was fetched once for the visit.
    assert page.evaluate("window.__sameDocument") is True
    assert [u for u in visit.requests if u.endswith("/plotly.min.js")] == [
        site_url + "assets/vendor/plotly.min.js"
    ]
    visit.assert_clean()


def test_home_page_loads_no_plotly(visit: Visit, site_url: str) -> None:
    visit.page.goto(site_url, wait_until="networkidle")
    assert not [u for u in visit.requests if "plotly" in u]
    visit.assert_clean()


def test_chart_colours_follow_the_light_dark_toggle(visit: Visit, site_url: str) -> None:
    page = visit.page
    page.emulate_media(color_scheme="light")
    page.goto(site_url + REPORT)
    wait_all_drawn(page)
    light = colours(page, "cost")
    assert_close(light["paper"], light["bg"])
    assert_close(light["title"], light["fg"])
    page.click('label[for="__palette_1"]')
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.bench-chart .main-svg')).backgroundColor"
        f" !== 'rgb{light['paper']}'.replaceAll(',', ', ')"
    )
    dark = colours(page, "cost")
    assert dark["bg"] != light["bg"] and dark["fg"] != light["fg"]
    assert_close(dark["paper"], dark["bg"])
    assert_close(dark["title"], dark["fg"])
    visit.assert_clean()


def test_chart_in_a_tab_hidden_at_load_gets_full_width_when_shown(
    visit: Visit, site_url: str
) -> None:
    page = visit.page
    page.goto(site_url + REPORT)
    wait_all_drawn(page)
    assert page.is_hidden('.bench-chart[data-chart="latency"]')
    page.click('label[for="__tabbed_charts_2"]')
    page.wait_for_function(
        """() => {
            const el = document.querySelector('.bench-chart[data-chart="latency"]');
            const svg = el.querySelector(".main-svg");
            return el.clientWidth > 0 &&
                Math.abs(svg.getBoundingClientRect().width - el.clientWidth) <= 1;
        }"""
    )
    shown, column = page.evaluate("""() => [
        [...document.querySelectorAll('.bench-chart')].filter(el => el.offsetWidth > 0)
            .map(el => el.dataset.chart),
        document.querySelector('.bench-charts .tabbed-content').clientWidth]""")
    assert shown == ["latency"]
    width = page.locator('.bench-chart[data-chart="latency"] .main-svg').first.bounding_box()
    assert width and abs(width["width"] - column) <= 1
    visit.assert_clean()


def test_embed_snippet_has_the_absolute_address_and_copies(
    visit: Visit, site_url: str, browser: Browser
) -> None:
    page = visit.page
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/")
    )
    page.goto(site_url + REPORT)
    wait_all_drawn(page)
    figure = page.locator("#chart-cost").locator("xpath=..")
    figure.locator("summary", has_text="Embed").click()
    snippet = figure.locator("textarea.bench-embed-code").input_value()
    assert snippet.startswith(f'<iframe src="{site_url}{REPORT}charts/cost/"')
    figure.locator("button.bench-copy").click()
    page.wait_for_function("document.querySelector('.bench-copy-status').textContent")
    assert page.evaluate("navigator.clipboard.readText()") == snippet
    visit.assert_clean()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_embed_page_renders_in_an_iframe_of_another_origin(
    visit: Visit, site_url: str, tmp_path: Path, theme: str
) -> None:
    page = visit.page
    src = f"{site_url}{REPORT}charts/cost/?theme={theme}"
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>host</title><link rel="icon" href="data:,">'
        f'<iframe src="{src}" width="640" height="420" style="border:0"></iframe>',
        encoding="utf-8",
    )
    with chromium.serve(tmp_path) as host:
        assert urlsplit(host).port != urlsplit(site_url).port
        page.emulate_media(color_scheme="light" if theme == "dark" else "dark")
        page.goto(host)
        handle = page.locator("iframe").element_handle()
        frame = handle.content_frame() if handle else None
        assert frame is not None
        wait_drawn(frame, "cost", MODELS)
        drawn = colours(frame, "cost")
        size = frame.evaluate("""() => {
            const svg = document.querySelector('.main-svg').getBoundingClientRect();
            return [svg.width, svg.height, innerWidth, innerHeight];
        }""")
        back = frame.get_attribute("figcaption a[target=_blank]", "href")
    expected_bg = (255, 255, 255) if theme == "light" else drawn["bg"]
    assert drawn["bg"] == expected_bg and (sum(drawn["bg"]) < 150) == (theme == "dark")
    assert_close(drawn["paper"], drawn["bg"])
    assert_close(drawn["title"], drawn["fg"])
    width, height, inner_width, inner_height = size
    assert abs(width - inner_width) <= 1 and inner_height - 60 < height <= inner_height
    assert back == "../../"
    visit.assert_clean()


@pytest.mark.parametrize(("tab", "key"), [(1, "cost"), (3, "cost-latency")])
def test_hover_shows_a_hostile_model_name_as_text(
    visit: Visit, site_url: str, tab: int, key: str
) -> None:
    page = visit.page
    page.goto(site_url + REPORT)
    wait_all_drawn(page)
    page.click(f'label[for="__tabbed_charts_{tab}"]')
    chart = page.locator(f'.bench-chart[data-chart="{key}"]')
    chart.locator(".main-svg .trace .point").last.hover(force=True)
    hover = chart.locator(".hoverlayer .hovertext")
    hover.wait_for()
    assert HOSTILE in hover.text_content()
    assert page.locator('img[src="x"]').count() == 0
    assert chart.locator("img, [onerror]").count() == 0
    visit.assert_clean()


def sidebar_links(page: Page) -> list[str]:
    """The absolute addresses the primary navigation links to."""
    return page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)"
    )


def test_report_sidebar_lists_the_reports_but_not_every_model(
    visit: Visit, site_url: str
) -> None:
    page = visit.page
    page.goto(site_url + REPORT)
    page.evaluate("window.__sameDocument = true")
    links = sidebar_links(page)
    for name in REPORTS:
        assert site_url + f"reports/{name}/" in links
    # The collapsed Models section is one link (to its first page), not one per model.
    models = [link for link in links if link.startswith(site_url + "models/")]
    assert len(models) == 1
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Models").first.click()
    page.wait_for_url(models[0])
    # On a model page the Models section is open and lists every model, by instant
    # navigation (the same document).
    page.wait_for_function(
        "[...document.querySelectorAll('nav.md-nav--primary a.md-nav__link[href]')]"
        f".filter(a => a.href.endsWith('/{MODEL}')).length === 1"
    )
    assert len([u for u in sidebar_links(page) if "/models/" in u]) > 10
    assert page.evaluate("window.__sameDocument") is True
    visit.assert_clean()


@pytest.mark.parametrize(
    ("query", "found"),
    [("race condition async cache", REPORT), ("Claude Haiku 4.5", MODEL)],
)
def test_search_finds_reports_and_models(
    visit: Visit, site_url: str, query: str, found: str
) -> None:
    page = visit.page
    page.goto(site_url + REPORT)
    page.click("input.md-search__input")  # in the header of a wide window
    page.keyboard.type(query)
    result = page.locator(f'.md-search-result__list a[href^="{site_url}{found}"]').first
    result.wait_for()
    visit.assert_clean()


def column(page: Page, table: str, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"{table} tbody tr", f"rows => rows.map(r => r.children[{index}].textContent.trim())"
    )


def test_tables_sort_numbers_as_numbers_by_mouse_and_keyboard(
    visit: Visit, site_url: str
) -> None:
    page = visit.page
    page.goto(site_url)
    page.click("table.bench-reports thead th:nth-child(3)")  # Models
    counts = [int(text) for text in column(page, "table.bench-reports", 2)]
    assert counts == sorted(counts) and len(set(counts)) > 1
    page.goto(site_url + "leaderboard/")
    heading = page.locator("table.bench-sortable thead th").nth(6)  # Median latency
    heading.focus()
    page.keyboard.press("Enter")
    assert heading.get_attribute("aria-sort") == "ascending"
    known = [t for t in column(page, "table.bench-sortable", 6) if t != "\u2014"]
    values = [float(t.replace(",", "")) for t in known]
    assert values == sorted(values) and len(values) > 10
    assert column(page, "table.bench-sortable", 6)[-1] == "\u2014"  # unknowns sort last
    visit.assert_clean()


def test_visible_chart_fills_the_content_column(visit: Visit, site_url: str) -> None:
    page = visit.page
    page.goto(site_url + REPORT)
    wait_all_drawn(page)
    widths = page.evaluate(
        """() => {
            const chart = document.querySelector('.bench-chart[data-chart="cost"]');
            const block = chart.closest(".tabbed-block");
            return [chart.querySelector(".main-svg").getBoundingClientRect().width,
                    block.getBoundingClientRect().width];
        }"""
    )
    assert widths[0] >= widths[1] - 2, widths
    visit.assert_clean()
