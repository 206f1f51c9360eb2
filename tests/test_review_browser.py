"""The review page in a real headless Chromium (Debian's chromium and chromium-driver, driven by selenium): a
reviewer selects a fact, corrects its role, adds a missed fact by selecting its words, reloads, and exports; the
exported gold equals the corrections and passes `extractor check`. Hostile article text renders as text.
Screenshots at two widths are kept in out/screenshots/ (not committed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from test_review import KYIV, Server, make_results

from extractor.checkfiles import Articles
from extractor.pipeline import Extractor
from extractor.review import CorrectionStore, Review

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    shutil.which("chromedriver") is None or shutil.which("chromium") is None,
    reason="headless Chromium absent (apt-get install chromium chromium-driver; .ci/run installs them)")]
SCREENSHOTS = ROOT / "out" / "screenshots"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    # The machine's network is closed: without these Chromium stalls on its background fetches.
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,900",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait(condition, timeout: float = 20, what: str = "the page"):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def downloads_to(driver, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    return folder


def downloaded(folder: Path, pattern: str) -> Path:
    return wait(lambda: next((p for p in folder.glob(pattern) if not p.name.endswith(".crdownload")), None),
                what=f"a download matching {pattern}")


def _alert(driver):
    from selenium.common.exceptions import NoAlertPresentException

    try:
        return driver.switch_to.alert
    except NoAlertPresentException:
        return None


class Page:
    """What a reviewer does, in the page's own terms (clicks, keys and selections, as a person makes them)."""

    def __init__(self, driver):
        self.driver = driver

    def open(self, url: str):
        self.driver.get(url)
        wait(lambda: self.js("return document.body.dataset.ready === '1'"), what="the page to start")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def by_id(self, element_id: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.ID, element_id)

    def rows(self) -> list[dict]:
        return self.js("""return [...document.querySelectorAll('#fact-table tbody tr[data-fact]')].map(tr =>
            ({status: tr.cells[1].title, role: tr.cells[2].firstChild.nextSibling.textContent,
              number: tr.cells[4].firstChild.textContent, part_of: tr.cells[9].firstChild.textContent,
              selected: tr.classList.contains('selected')}))""")

    def click_row(self, number_text: str):
        rows = self.driver.find_elements("css selector", "#fact-table tbody tr[data-fact]")
        [row] = [r for r in rows if r.find_elements("css selector", "td")[4].text.split("\n")[0] == number_text]
        row.click()

    def key(self, keys: str):
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(keys).perform()

    def ctrl_enter(self):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()

    def select_words(self, words: str):
        """Select words of the article's text as a mouse drag does (a DOM Range over the text)."""
        self.js("""const [el, words] = [document.getElementById('text'), arguments[0]];
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let node, at = 0, range = null;
            const start = el.textContent.indexOf(words), end = start + words.length;
            while ((node = walker.nextNode())) {
              const len = node.data.length;
              if (!range && start < at + len) { range = document.createRange(); range.setStart(node, start - at); }
              if (range && end <= at + len) { range.setEnd(node, end - at); break; }
              at += len;
            }
            getSelection().removeAllRanges(); getSelection().addRange(range);""", words)
        wait(lambda: self.by_id("selection-bar").is_displayed(), what="the selection bar")

    def answer_confirm(self, accept: bool) -> str:
        """Answer the page's confirm() dialog as a person would; its question."""
        dialog = wait(lambda: _alert(self.driver), what="a confirm dialog")
        question = dialog.text
        dialog.accept() if accept else dialog.dismiss()
        return question

    def saved(self, text: str):
        wait(lambda: self.by_id("save-status").text.startswith(text), what=f"save status {text!r}")

    def set_field(self, name: str, value: str):
        from selenium.webdriver.support.select import Select

        field = self.by_id(f"f-{name}")
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)


def screenshot(driver, name: str, width: int) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 900)
    time.sleep(0.2)
    path = SCREENSHOTS / f"{name}-{width}.png"
    driver.save_screenshot(str(path))
    return path


def check(paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", "check", *map(str, paths), "--articles",
                           str(EXAMPLES)], capture_output=True, text=True, timeout=120)


def correct_and_add(page: Page):
    """On the Kyiv article: Wednesday's 17 drones were downed over the capital, not Pokrovsk (place corrected); the
    8,000–9,000 reservists moved to the sector were missed (forces deployed); then the article is marked reviewed."""
    page.click_row("17")
    assert [r for r in page.rows() if r["selected"]][0]["number"] == "17"
    assert [r["part_of"] for r in page.rows() if r["number"] in ("17", "9")] == ["26 launched"] * 2  # shown
    assert page.js("return document.querySelector('#text mark.selected').textContent") == "17"
    page.key("e")
    kyiv = (EXAMPLES / "kyiv-winter-barrage.txt").read_text(encoding="utf-8")
    assert page.js("return document.getElementById('f-part_of').value") == str(kyiv.index("26 attack"))  # editable
    page.set_field("location", "Kyiv")
    page.ctrl_enter()  # saves the correction
    page.select_words("8,000")  # part of the number: the words grow to the number code reads, hedge included
    assert page.by_id("selection-words").text.startswith("“between 8,000 and 9,000”")
    page.by_id("add-fact").click()
    assert [page.by_id(f"f-{k}").get_attribute("value") for k in ("low", "high")] == ["8000", "9000"]
    page.set_field("category", "forces")
    page.set_field("role-select", "deployed")
    page.set_field("subject", "reservists")
    page.set_field("source", "The agency")
    page.by_id("editor").submit()
    page.by_id("done").click()
    page.answer_confirm(True)  # the reviewer accepts the facts they left as extracted


def expected_gold(results) -> list[dict]:
    kyiv = next(r for r in results if r.article_id == KYIV)
    text = (EXAMPLES / f"{KYIV}.txt").read_text(encoding="utf-8")
    from extractor.review.state import GoldFact

    facts = [row.model_dump(mode="json", include=set(GoldFact.model_fields)) for row in kyiv.facts]
    near = next(f for f in facts if f["text"] == "17")  # selected when the fact was added
    near["location"] = "Kyiv"
    start = text.index("between 8,000 and 9,000")
    facts.append({"category": "forces", "role": "deployed", "weapon_class": None, "weapon": None,
                  "subject": "reservists", "value": None, "low": 8000, "high": 9000, "approximate": False,
                  "lower_bound": False, "upper_bound": False, "date": near["date"],
                  "date_precision": near["date_precision"], "location": near["location"],  # the page copies them
                  "source": "The agency", "text": "between 8,000 and 9,000", "start": start, "end": start + 23,
                  "part_of": None})
    return sorted(facts, key=lambda f: f["start"])


def test_served_page_correct_add_reload_export(browser, tmp_path):
    from fastapi import FastAPI

    from extractor.review.routes import review_router

    results = make_results(tmp_path / "results.jsonl")
    review = Review(results, Articles([EXAMPLES]).text, CorrectionStore(tmp_path / "store.sqlite"))
    app = FastAPI()
    app.include_router(review_router(lambda: review))
    page = Page(browser)
    with Server(app) as server:
        page.open(f"{server.url}/#{KYIV}")
        correct_and_add(page)
        page.saved("saved")
        browser.refresh()
        page.open(browser.current_url)
        assert page.by_id("article-title").text == KYIV, "the reload comes back to the article"
        rows = page.rows()
        assert [r["status"] for r in rows].count("corrected") == 1 and rows[-1]["status"] == "added"
        assert next(r for r in rows if r["number"] == "17")["status"] == "corrected"
        assert page.by_id("progress").text.startswith("1 of 4 articles reviewed")
        for width in (1366, 800):
            assert screenshot(browser, "review-served", width).stat().st_size > 10_000
        browser.set_window_size(1366, 900)
        folder = downloads_to(browser, tmp_path / "downloads")
        page.by_id("export").click()
        archive = downloaded(folder, "gold*.zip")
    gold = tmp_path / "gold"
    with zipfile.ZipFile(archive) as files:
        files.extractall(gold)
    document = json.loads((gold / f"{KYIV}.json").read_text())
    assert document["facts"] == expected_gold(results)
    outcome = check([gold / f"{KYIV}.json"])
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    outcome = subprocess.run([sys.executable, "-m", "extractor.cli", "eval", str(tmp_path / "results.jsonl"),
                              str(gold)], capture_output=True, text=True, timeout=120)
    assert outcome.returncode == 0 and "scoring the 1 article present in both" in outcome.stderr, outcome.stderr


def test_static_page_keeps_corrections_in_the_browser_and_downloads_them(browser, tmp_path):
    results_path = tmp_path / "results.jsonl"
    results = make_results(results_path)
    page_path = tmp_path / "review.html"
    subprocess.run([sys.executable, "-m", "extractor.cli", "review", str(results_path), "--articles", str(EXAMPLES),
                    "-o", str(page_path)], check=True, capture_output=True, timeout=120)
    page = Page(browser)
    page.open(page_path.as_uri() + f"#{KYIV}")
    correct_and_add(page)
    page.saved("saved in this browser")
    browser.refresh()
    page.open(browser.current_url)
    rows = page.rows()
    assert next(r for r in rows if r["number"] == "17")["status"] == "corrected" and rows[-1]["status"] == "added"
    folder = downloads_to(browser, tmp_path / "downloads")
    page.by_id("download").click()
    corrections = downloaded(folder, "corrections-*.json")
    subprocess.run([sys.executable, "-m", "extractor.cli", "review", str(results_path), "--articles", str(EXAMPLES),
                    "--corrections", str(corrections), "--export", str(tmp_path / "gold")], check=True,
                   capture_output=True, timeout=120)
    document = json.loads((tmp_path / "gold" / f"{KYIV}.json").read_text())
    assert document["facts"] == expected_gold(results)
    assert check([tmp_path / "gold" / f"{KYIV}.json"]).returncode == 0
    browser.execute_script("localStorage.clear()")


HOSTILE = ("<script>window.pwned = 1</script> &amp; &lt;b&gt; <img src=x onerror=\"window.pwned = 2\">\n"
           "\u202eRLO override: Russia launched 12 drones.\u202c 🚀 Then 7 missiles were shot down.\n"
           "قُتل 5 أشخاص في الهجوم، وأصيب 9 آخرون.\n")


def test_hostile_text_and_ids_render_as_text(browser, tmp_path):
    article_id = "<img src=x onerror=window.pwned=3>"
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": article_id, "text": HOSTILE}, ensure_ascii=False) + "\n", encoding="utf-8")
    with Extractor(use_model=False, cache=False) as ex:
        result = ex.extract(HOSTILE, article_id=article_id)
    assert [r.text for r in result.facts][:2] == ["12", "7"], "the text after the emoji has facts to place"
    page_path = tmp_path / "review.html"
    page_path.write_text(Review([result], Articles([articles]).text).page(), encoding="utf-8")
    page = Page(browser)
    page.open(page_path.as_uri())
    assert page.js("return window.pwned") is None
    assert page.js("return document.querySelectorAll('#text script, #text img, #articles img').length") == 0
    assert page.js("return document.getElementById('text').textContent") == HOSTILE
    assert page.by_id("article-title").text == article_id
    # the override and its end each sit alone in an isolate, so they turn no text of the article around
    assert page.js("return [...document.querySelectorAll('#text .bidi')].map(b => b.dataset.name)") == ["RLO", "PDF"]
    marks = page.js("return [...document.querySelectorAll('#text mark[data-facts]')].map(m => m.textContent)")
    assert marks[:2] == ["12", "7"], "spans after an astral character land on their words (code points vs UTF-16)"
    screenshot(browser, "review-hostile", 1366)


def test_keyboard_filters_and_moving_a_fact_onto_its_words(browser, tmp_path):
    """The Darfur result as a model might leave it: 'a dozen' unconfirmed (unverified), 'twenty-one' with words the
    aligner could not place (no span). The list puts it first; the reviewer places the words by selecting them."""
    from extractor.schemas import located_rows

    results = make_results(tmp_path / "results.jsonl")
    for result in results:  # every other fact verified, whatever code's shipped confidence left unconfirmed
        for at in located_rows(result):
            at.fact.verified = True
    darfur = next(r for r in results if r.article_id == "darfur-attack")
    for at in located_rows(darfur):
        if at.row.text == "a dozen":
            at.fact.verified = False
        if at.row.text == "twenty-one":
            at.fact.quantity.start = at.fact.quantity.end = None
            at.fact.quantity.alignment = "unaligned"
    page_path = tmp_path / "review.html"
    page_path.write_text(Review(results, Articles([EXAMPLES]).text).page(), encoding="utf-8")
    page = Page(browser)
    page.open(page_path.as_uri())
    assert page.by_id("article-title").text == "darfur-attack", "most unverified facts first"
    assert page.js("return document.querySelectorAll('#text mark.unverified').length") == 1
    page.by_id("unverified-only").click()
    assert page.by_id("list-count").text == "1 of 4 articles"
    page.by_id("unverified-only").click()
    page.key("n")
    assert page.by_id("article-title").text != "darfur-attack"
    page.key("p")
    assert page.by_id("article-title").text == "darfur-attack"
    page.key("jj")
    [row] = [r for r in page.rows() if r["selected"]]
    assert row["number"] == "21"
    page.key("a")
    assert "no words in the text" in page.by_id("save-status").text, "a fact without a span cannot be accepted"
    page.key("e")
    page.select_words("twenty-one")
    page.by_id("use-selection").click()
    assert page.by_id("f-text").text == "twenty-one" and page.by_id("f-span").text == "178–188"
    page.ctrl_enter()
    assert [r["status"] for r in page.rows()][1] == "corrected"
    assert "twenty-one" in page.js("return [...document.querySelectorAll('#text mark[data-facts]')]"
                                   ".map(m => m.textContent)")
    browser.execute_script("localStorage.clear()")


def test_marking_reviewed_asks_before_accepting_untouched_facts_and_findings_stay_after_a_save(browser, tmp_path):
    """'d' once accepted every fact nobody had looked at, and a save wiped the 'unconfirmed' markers."""
    from fastapi import FastAPI

    from extractor.review.routes import review_router
    from extractor.schemas import Finding, located_rows

    results = make_results(tmp_path / "results.jsonl")
    kyiv = next(r for r in results if r.article_id == KYIV)
    first = next(located_rows(kyiv))
    kyiv.checks.append(Finding(rule="unconfirmed", severity="warning", path=first.path, start=first.row.start,
                               end=first.row.end, message="the model read it otherwise"))
    review = Review(results, Articles([EXAMPLES]).text, CorrectionStore(tmp_path / "store.sqlite"))
    app = FastAPI()
    app.include_router(review_router(lambda: review))
    page = Page(browser)
    unconfirmed = "return [...document.querySelectorAll('#fact-table td')].filter(td => /unconfirmed/.test(" \
                  "td.textContent + ' ' + td.title)).length"
    with Server(app) as server:
        page.open(f"{server.url}/#{KYIV}")
        before = page.js(unconfirmed)
        page.click_row("≥100")
        page.key("r")  # one decision, saved
        page.saved("saved")
        assert before >= 1 and page.js(unconfirmed) == before, "the checker column keeps its findings after a save"
        page.key("d")
        question = page.answer_confirm(False)  # mark reviewed, accepting nothing untouched
        assert "untouched" in question
        page.saved("saved")
    [document] = review.gold().values()
    assert document["facts"] == [] and document["review"]["rejected"] == 1
    assert document["review"]["untouched"] == len(kyiv.facts) - 1 and document["review"]["accepted"] == 0


def test_the_page_lists_the_events_with_each_outlets_claims_and_a_claim_opens_its_article(browser, tmp_path):
    from selenium.webdriver.common.by import By

    texts = {"a": "Russian shelling killed three people in Kharkiv on Friday, the governor said.",
             "b": "At least 5 people were killed in Kharkiv on Friday, the mayor said."}
    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()))
    with Extractor(use_model=False, cache=False) as ex:
        results = [ex.extract(text, article_id=k, published="2025-06-14") for k, text in texts.items()]
    page_path = tmp_path / "review.html"
    page_path.write_text(Review(results, Articles([articles]).text).page(), encoding="utf-8")
    page = Page(browser)
    page.open(page_path.as_uri())
    page.by_id("events-panel").click()
    [event] = browser.find_elements(By.CSS_SELECTOR, "#events > li")
    assert "2 articles" in event.text and "Kharkiv (UA)" in event.text and "killed 3–5" in event.text
    assert "Russian → " in event.text  # who attacked, as written
    assert len(browser.find_elements(By.CSS_SELECTOR, "#events-map circle")) == 1
    next(c for c in event.find_elements(By.CSS_SELECTOR, ".claim") if c.text.startswith("b:")).click()
    assert page.by_id("article-title").text == "b"
