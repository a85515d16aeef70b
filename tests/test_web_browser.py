"""The workbench in headless Chromium against a real uvicorn server on loopback: stories page, a story,
an article; the claim table and timeline render, scripts run under the CSP, payloads stay inert."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from web_store import XSS_SCRIPT, build_store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
                                reason="needs Debian's chromium and chromium-driver (/usr/bin/chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = build_store(tmp_path_factory.mktemp("web") / "store.db")
    port = free_port()
    code = f"from storyline.web.server import serve; serve({str(db)!r}, '127.0.0.1', {port})"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("server exited: " + proc.stderr.read().decode())
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("server did not start within 20 s")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots go to $STORYLINE_SCREENSHOTS, else screenshots/ in the checkout (git-ignored)."""
    path = Path(os.environ.get("STORYLINE_SCREENSHOTS", REPO / "screenshots"))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = tmp_path_factory.mktemp("screenshots")
    return path


def full_page(driver, path: Path) -> None:
    """Resize the window to the page height, then save a screenshot of the whole page."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height + 40, 800), 6000))
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    assert path.stat().st_size > 10_000


def severe_logs(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def assert_no_alert(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018


def test_stories_story_article_flow(server: str, browser, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    rows = browser.find_elements(By.CSS_SELECTOR, "li.story-row a.headline")
    assert [r.text for r in rows][1:] == ["Velmar harbour to close for repairs", "Berg elected mayor of Velmar"]
    assert rows[0].text == f"{XSS_SCRIPT} Bridge <img src=x onerror=alert(1)>"  # shown as text
    assert_no_alert(browser)
    full_page(browser, shots / "stories.png")

    rows[1].click()
    assert browser.current_url.endswith("/stories/story-harbor")
    columns = browser.find_elements(By.CSS_SELECTOR, ".columns .column")
    assert len(columns) == 2
    assert columns[0].location["y"] == columns[1].location["y"]  # side by side
    assert columns[0].location["x"] < columns[1].location["x"]
    verdicts = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "table.claims tbody .badge")]
    assert verdicts == ["conflict", "agree", "one outlet only"]
    headers = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "table.claims thead th")]
    assert headers == ["Claim", "Verdict", "Coastal Herald", "Velmar Daily"]
    contradict = browser.find_element(By.CSS_SELECTOR, "p.evidence.contradict")
    assert contradict.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"  # the stylesheet loaded
    dates = [t.get_attribute("datetime") for t in browser.find_elements(By.CSS_SELECTOR, "ol.timeline time")]
    assert dates == sorted(dates) and "2026-03-09" in dates and "2026-03-20" in dates
    assert browser.find_element(By.CSS_SELECTOR, "ol.timeline mark.time").is_displayed()
    full_page(browser, shots / "story.png")

    browser.find_element(By.LINK_TEXT, "Velmar harbour to close for repairs").click()
    assert "/articles/art-harbor-1" in browser.current_url
    body = browser.find_element(By.ID, "article-body")
    assert not browser.find_element(By.CSS_SELECTOR, "details.removed").get_attribute("open")
    assert len(body.find_elements(By.CSS_SELECTOR, "span.ent")) == 3
    browser.find_element(By.CSS_SELECTOR, "input[data-layer=ent]").click()  # app.js runs under the CSP
    assert "hide-ent" in body.get_attribute("class").split()
    browser.find_element(By.CSS_SELECTOR, "details.removed summary").click()
    assert browser.find_element(By.CSS_SELECTOR, ".removed-text").text == "Photo: the harbour at dawn (Herald)"
    full_page(browser, shots / "article.png")
    assert severe_logs(browser) == []


def test_untrusted_article_stays_inert(server: str, browser, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    for path in ("/articles/art-xss?removed=1", "/stories/story-bridge", "/search?q=bridge"):
        browser.get(server + path)
        assert_no_alert(browser)
        assert browser.find_elements(By.CSS_SELECTOR, "main img") == []
        assert browser.execute_script("return document.scripts.length") == 1  # only /static/app.js
        assert XSS_SCRIPT in browser.find_element(By.TAG_NAME, "main").text
    full_page(browser, shots / "search.png")
