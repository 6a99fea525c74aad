"""Headless Chromium for user journeys (Debian's chromium driven by Playwright).

Pages run under the Content-Security-Policy, which refuses eval: wait with selectors and
``expect(locator)``, not ``page.wait_for_function``, whose predicate Playwright evaluates with eval.
"""

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("LEIZU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Playwright's sync API runs an event loop in this thread; the live server's database access
# happens in the server thread, and the test's own ORM calls are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Without Chromium a developer's machine skips the journeys and says why; CI (.ci/run installs
# Chromium and sets CI) never skips them: there a missing browser fails the journey.
skip_without_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
    reason="headless Chromium is not installed (apt-get install chromium)",
)


@pytest.fixture
def browser_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def log_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def switch_language(page: Any, code: str) -> None:
    with page.expect_navigation():
        page.select_option("select[name=language]", code)


@pytest.fixture
def task_worker() -> Iterator[Callable[[int], threading.Thread]]:
    """Starts a worker thread that runs at most ``tasks`` queued tasks, as ``manage.py worker``
    does beside ``make run``; at the end of the test it stops, so it never runs into the next one."""
    from django.db import connection

    from leizu.core.management.commands.worker import LockTolerantWorker

    started: list[tuple[LockTolerantWorker, threading.Thread]] = []

    def start(tasks: int) -> threading.Thread:
        worker = LockTolerantWorker(
            queue_names=["default"],
            excluded_queue_names=[],
            interval=0.2,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=tasks,
            worker_id="browser-journey",
        )

        def run() -> None:
            try:
                worker.run()
            finally:
                connection.close()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        started.append((worker, thread))
        return thread

    yield start
    for worker, thread in started:
        worker.running = False
        thread.join(timeout=30)
