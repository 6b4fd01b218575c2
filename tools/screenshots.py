"""Screenshots of the main pages for the README and docs, from a running Front Door.

    make run                       # in one terminal: the synthetic county on :8000
    .venv/bin/python tools/screenshots.py [--base-url http://127.0.0.1:8000] [--out docs]

Signs in as the demo attendance manager (password from FRONTDOOR_DEMO_PASSWORD or
var/demo-password, as `make run` prints), walks from the county dashboard down to a pupil, and
opens a worklist, the meetings' coverage, a school's meetings and its pack, and the suspensions
page. It saves the top of each (1,800 pixels) as a PNG in `--out`, using Debian's Chromium
(FRONTDOOR_CHROMIUM points elsewhere). Not a test: it takes pictures, so that the ones in the
docs can be brought up to date with one command."""

import argparse
import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
USERNAME = "attendance.manager"
WIDTH, HEIGHT = 1100, 1800  # the top of each page: enough to show it, small enough to keep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    password = os.environ.get("FRONTDOOR_DEMO_PASSWORD") or (
        (ROOT / "var" / "demo-password").read_text().strip()
    )
    chromium = os.environ.get("FRONTDOOR_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        base = args.base_url.rstrip("/")
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))

        def shot(name: str) -> None:
            height = min(HEIGHT, page.evaluate("document.body.scrollHeight"))
            clip = {"x": 0, "y": 0, "width": WIDTH, "height": height}
            page.screenshot(path=args.out / f"screenshot-{name}.png", full_page=True, clip=clip)
            print(f"{name}: {page.url}")

        page.goto(f"{base}/attendance/county/")
        shot("attendance-county")
        # Down the breakdowns: the first district, its first school, its first year group.
        for name in ("attendance-district", "attendance-school", "attendance-year-group"):
            _follow_first(page, "main table a[href*='/attendance/']")
            shot(name)
        _follow_first(page, "main table a[href*='/pupils/']")
        shot("pupil")
        page.goto(f"{base}/attendance/worklists/persistent/")
        shot("attendance-worklist")
        page.goto(f"{base}/attendance/meetings/")
        shot("tsm-coverage")
        _follow_first(page, "main table a[href$='/meetings/']")
        shot("tsm-school")
        _follow_first(page, "main a[href*='/pack/']")
        shot("tsm-pack")
        page.goto(f"{base}/attendance/exclusions/")
        shot("exclusions")
        browser.close()


def _follow_first(page, selector: str) -> None:
    link = page.locator(selector).first
    page.goto(link.evaluate("a => a.href"))


if __name__ == "__main__":
    main()
