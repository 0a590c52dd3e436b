"""Screenshots of the built site for the README: home, exemplar gallery, one branch page.

    mkdocs build --strict && python bench/screenshots.py [SITE_DIR] [--branch CODE]

Serves SITE_DIR (default site/) on 127.0.0.1, opens it in Debian's Chromium through
Playwright and writes bench/screenshots/{home,exemplars,branch}.png, and history.png (the
branch page's git history section) when the page has one. The branch is the first exemplar
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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=Path("site"))
    parser.add_argument("--branch")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    branch = args.branch
    if branch is None:
        gallery = (args.site / "exemplars" / "index.html").read_text(encoding="utf-8")
        found = re.search(r'data-branch="([^"]+)"', gallery)
        if found is None:
            sys.exit("no exemplar in the gallery: pass --branch CODE")
        branch = found.group(1)
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    OUT.mkdir(exist_ok=True)
    shots = {"home": "", "exemplars": "exemplars/", "branch": f"branches/{branch}/"}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            for name, path in shots.items():
                page.goto(base + path, wait_until="networkidle")
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(f"wrote {OUT / name}.png")
            # The branch page's git history, when the content is in a repository.
            page.goto(base + shots["branch"] + "#history", wait_until="networkidle")
            heading = page.locator("h2#history")
            if heading.count():
                top = heading.bounding_box()["y"] + page.evaluate("window.scrollY") - 16
                clip = {"x": 0, "y": top, "width": 1280, "height": 760}
                page.screenshot(path=str(OUT / "history.png"), clip=clip, full_page=True)
                print(f"wrote {OUT / 'history'}.png")
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
