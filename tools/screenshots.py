"""Screenshots of the main pages for the README and docs, from a running Front Door.

    make run                       # in one terminal: the synthetic county on :8000
    .venv/bin/python tools/screenshots.py [--base-url http://127.0.0.1:8000] [--out docs]

Signs in as demo users (password from FRONTDOOR_DEMO_PASSWORD or var/demo-password, as
`make run` prints). The attendance manager walks from the county dashboard down to a pupil, and
opens a worklist, the meetings' coverage, a school's meetings and its pack, the suspensions
page and the schools' pathways; the Front Door manager opens the triage queue, a request and
the measures; a social worker their cases; a headteacher a pathway's form and their school's
budget lines; the finance officer the funding models; the SEND officer the caseload, a
request and its family access, the performance page, the plans, a plan, the annual reviews, a
review, phase transfer, a panel request, disagreements and the inclusion dashboard; the Virtual
School officer its children; a demo parent their child's case. It saves the top of
each (1,800 pixels) as a PNG in `--out`, using Debian's Chromium (FRONTDOOR_CHROMIUM points
elsewhere). Not a test: it takes pictures, so that the ones in the
docs can be brought up to date with one command."""

import argparse
import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
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
    base = args.base_url.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)

        def signed_in(username: str):
            page = browser.new_context(viewport={"width": WIDTH, "height": 900}).new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
            return page

        def shot(page, name: str) -> None:
            height = min(HEIGHT, page.evaluate("document.body.scrollHeight"))
            clip = {"x": 0, "y": 0, "width": WIDTH, "height": height}
            page.screenshot(path=args.out / f"screenshot-{name}.png", full_page=True, clip=clip)
            print(f"{name}: {page.url}")

        page = signed_in("attendance.manager")
        page.goto(f"{base}/attendance/county/")
        shot(page, "attendance-county")
        # Down the breakdowns: the first district, its first school, its first year group.
        for name in ("attendance-district", "attendance-school", "attendance-year-group"):
            _follow_first(page, "main table a[href*='/attendance/']")
            shot(page, name)
            if name == "attendance-district":
                district = page.url
        _follow_first(page, "main table a[href*='/pupils/']")
        shot(page, "pupil")
        page.goto(f"{base}/attendance/worklists/persistent/")
        shot(page, "attendance-worklist")
        page.goto(f"{base}/attendance/meetings/")
        shot(page, "tsm-coverage")
        # The district's first school with a meeting booked or held this year.
        page.goto(district)
        schools = page.locator("main table a[href*='/attendance/schools/']").evaluate_all(
            "links => links.map(a => a.href)"
        )
        for school in schools:
            page.goto(school.rstrip("/") + "/meetings/")
            if page.locator("main a[href*='/pack/']").count():
                break
        shot(page, "tsm-school")
        _follow_first(page, "main a[href*='/pack/']")
        shot(page, "tsm-pack")
        page.goto(f"{base}/attendance/exclusions/")
        shot(page, "exclusions")
        page.goto(f"{base}/pathways/")
        shot(page, "pathways-queue")
        _follow_first(page, "main table a[href^='/pathways/']")
        shot(page, "pathway")

        page = signed_in("frontdoor.manager")
        page.goto(f"{base}/requests/triage/")
        shot(page, "triage-queue")
        _follow_first(page, "main table a[href*='/requests/']")
        shot(page, "triage-request")
        page.goto(f"{base}/requests/measures/")
        shot(page, "front-door-measures")

        page = signed_in("social.worker")
        page.goto(f"{base}/requests/cases/")
        shot(page, "cases")

        page = signed_in("head.a")
        page.goto(f"{base}/pathways/new/part-time-timetable/")
        shot(page, "pathway-form")
        page.goto(f"{base}/funding/my-school/")
        shot(page, "funding-my-school")

        page = signed_in("finance.officer")
        page.goto(f"{base}/funding/high-needs/")
        page.goto(page.get_by_role("link", name="Current trajectory").evaluate("a => a.href"))
        shot(page, "funding-high-needs")
        page.goto(f"{base}/funding/ap/")
        page.goto(
            page.get_by_role("link", name="Demo county, devolved on PAN").evaluate("a => a.href")
        )
        shot(page, "funding-ap")
        page.goto(f"{base}/funding/schools-block/")
        link = page.get_by_role("link", name="Continue the targeted approach").first
        page.goto(link.evaluate("a => a.href"))
        shot(page, "funding-schools-block")
        page.goto(f"{base}/funding/schools-block/compare/")
        for option in ("Continue the targeted approach", "Spread the reduction across all factors"):
            page.get_by_label(option).check()
        page.get_by_role("button", name="Compare").click()
        page.wait_for_load_state()
        shot(page, "funding-compare")

        page = signed_in("send.officer")
        page.goto(f"{base}/send/requests/")
        shot(page, "send-caseload")
        _follow_first(page, "main table a[href*='/send/requests/']")
        shot(page, "send-request")
        _follow_first(page, "main a[href*='/family-access/']")
        shot(page, "send-family-access")
        page.goto(f"{base}/send/performance/")
        shot(page, "send-performance")
        page.goto(f"{base}/send/plans/")
        shot(page, "send-plans")
        _follow_first(page, "main table a[href*='/send/plans/']")
        shot(page, "send-plan")
        page.goto(f"{base}/send/reviews/")
        shot(page, "send-reviews")
        # Overdue reviews not yet started come first, with a button to start them; the late
        # decisions, which are under way and have a page, come after them.
        page.goto(f"{base}/send/reviews/?overdue=on&page=16")
        _follow_first(page, "main table a[href*='/send/reviews/']")
        shot(page, "send-review")
        page.goto(f"{base}/send/transfers/")
        shot(page, "send-transfers")
        page.goto(f"{base}/send/panel/")
        _follow_first(page, "main table a[href*='/send/panel/']")
        shot(page, "send-panel-request")
        page.goto(f"{base}/send/disagreements/")
        shot(page, "send-disagreements")
        page.goto(f"{base}/send/inclusion/")
        shot(page, "send-inclusion")

        page = signed_in("virtual.school")
        page.goto(f"{base}/send/virtual-school/")
        shot(page, "send-virtual-school")

        page = signed_in("parent.demo")
        page.goto(f"{base}/send/my-case/")
        shot(page, "send-family")
        browser.close()


def _follow_first(page, selector: str) -> None:
    link = page.locator(selector).first
    page.goto(link.evaluate("a => a.href"))


if __name__ == "__main__":
    main()
