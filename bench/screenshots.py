"""Screenshots of the built site: every page kind, at a desktop and at a phone's size.

    mkdocs build --strict && python bench/screenshots.py [SITE_DIR] [--branch CODE] [--out DIR]

Serves SITE_DIR (default site/) on 127.0.0.1, opens it in Debian's Chromium through
Playwright and writes, for each page kind the site has (home, exemplars, ranking, zones,
levels, directory, branch, weakness, standard, codes, credits, credits-standard,
evaluation, search with a query), ``KIND-desktop.png`` (1366×900, the top of the page) and
``KIND-phone.png`` (390×844 at twice the pixels, as a phone shows it) into
bench/screenshots/, the same for a few sections further down (SECTIONS: the home page's
targets and trajectory, the branch page's trend and items), and history.png (the branch
page's git history section) when the branch page has one. The branch is the first exemplar
unless --branch names one.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import sys
import threading
from pathlib import Path

OUT = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
# Page kinds and where they live; a kind the site does not have is skipped.
KINDS = {
    "home": "",
    "exemplars": "exemplars/",
    "ranking": "ranking/",
    "zones": "ranking/zones/",
    "levels": "ranking/levels/",
    "directory": "branches/",
    "branch": "branches/{branch}/",
    "weakness": "weakness/",
    "standard": "standard/",
    "codes": "codes/",
    "credits": "credits/",
    "credits-standard": "credits/standard/",
    "evaluation": "evaluation/",
    "search": "search/?q=一票否决",
}
# Sections worth a picture of their own: name -> (page kind, id of the section's heading).
SECTIONS = {
    "home-targets": ("home", "gap"),
    "home-trajectory": ("home", "trajectory"),
    "branch-trend": ("branch", "trend"),
    "branch-items": ("branch", "items"),
}
SIZES = {
    "desktop": {"viewport": {"width": 1366, "height": 900}, "device_scale_factor": 1},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _first_exemplar(site: Path) -> str:
    gallery = (site / "exemplars" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'data-branch="([^"]+)"', gallery)
    if found is None:
        sys.exit("no exemplar in the gallery: pass --branch CODE")
    return found.group(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=Path("site"))
    parser.add_argument("--branch")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--full", action="store_true", help="whole pages, not their top")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    branch = args.branch or _first_exemplar(args.site)
    shots = {
        kind: path.format(branch=branch)
        for kind, path in KINDS.items()
        if (args.site / path.format(branch=branch).split("?")[0] / "index.html").is_file()
    }
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    args.out.mkdir(exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for size, options in SIZES.items():
                context = browser.new_context(**options)
                page = context.new_page()
                for kind, path in shots.items():
                    page.goto(base + path, wait_until="networkidle")
                    if "?q=" in path:  # the results arrive after the index's pieces
                        page.wait_for_selector(".pagefind-ui__result", timeout=15000)
                    target = args.out / f"{kind}-{size}.png"
                    page.screenshot(path=str(target), full_page=args.full)
                    print(f"wrote {target}")
                for name, (kind, anchor) in SECTIONS.items():
                    if kind not in shots:
                        continue
                    page.goto(base + shots[kind], wait_until="networkidle")
                    page.evaluate(
                        "id => { document.getElementById(id).scrollIntoView();"
                        " window.scrollBy(0, -64); }",
                        anchor,
                    )
                    page.wait_for_timeout(600)  # the header's title has finished its change
                    target = args.out / f"{name}-{size}.png"
                    page.screenshot(path=str(target))
                    print(f"wrote {target}")
                context.close()
            _history(browser, base + shots["branch"], args.out)
            browser.close()
    finally:
        server.shutdown()
    return 0


def _history(browser: object, url: str, out: Path) -> None:
    """The branch page's git history, when the content is in a repository."""
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    page.goto(url + "#history", wait_until="networkidle")
    heading = page.locator("h2#history")
    if heading.count():
        top = heading.bounding_box()["y"] + page.evaluate("window.scrollY") - 16
        clip = {"x": 0, "y": top, "width": 1366, "height": 760}
        page.screenshot(path=str(out / "history.png"), clip=clip, full_page=True)
        print(f"wrote {out / 'history.png'}")
    page.close()


if __name__ == "__main__":
    sys.exit(main())
