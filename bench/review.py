"""Review-page benchmark in a real headless Chromium: 500 articles in one review, static and served.

Articles are made from the paragraphs of examples/ (6 to 16 each, about 2.3 KB, longer than the corpus's 1.6 KB
mean), read by code alone (no model). It prints, per page:
1. the page's size and the time Python takes to draw it;
2. load: navigation start to the page ready (its script has built the list and shown the first article),
   the median of 5 loads, beside the same page for 5 articles (the ratio is the cost of the other 495);
3. responsiveness, each the time from the input to the next frame painted (two animation frames), median and worst:
   opening an article from the list, moving between facts with the keyboard, accepting a fact (saved to the store
   or local storage), filtering and sorting the list;
4. long tasks (over 50 ms, the browser's own PerformanceObserver) during the interactions, and the JS heap.

    .venv/bin/python bench/review.py [--articles 500]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.pipeline import Extractor  # noqa: E402
from extractor.review import CorrectionStore, Review  # noqa: E402

TARGET_LOAD_MS = 2000


def articles(n: int, seed: int = 0) -> dict[str, str]:
    paragraphs = [p for f in sorted((ROOT / "examples").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    rng = random.Random(seed)
    return {f"bench-{i:04d}": "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(6, 16))) + "\n"
            for i in range(n)}


def browser(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,900",
                     "--enable-precise-memory-info", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


# Runs an action in the page and resolves after the next frame is painted: the time a person waits.
TIMED = """const [action, done] = [arguments[0], arguments[arguments.length - 1]];
const t0 = performance.now(); new Function(action)();
requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));"""


def load(driver, url: str, times: int = 5) -> list[float]:
    out = []
    for _ in range(times):
        driver.get("about:blank")
        driver.get(url)
        deadline = time.monotonic() + 60
        while not driver.execute_script("return window.reviewReady"):
            assert time.monotonic() < deadline, "the page did not start"
            time.sleep(0.01)
        out.append(driver.execute_script("return window.reviewReady"))
    return out


def interactions(driver) -> dict[str, list[float]]:
    driver.execute_script("""window.longTasks = [];
        new PerformanceObserver(l => window.longTasks.push(...l.getEntries().map(e => e.duration)))
          .observe({type: 'longtask'});""")
    timed = {"open an article": [], "next fact (j)": [], "accept a fact (a)": [], "filter and sort the list": []}
    key = "document.dispatchEvent(new KeyboardEvent('keydown', {key: '%s', bubbles: true}))"
    for i in range(40):
        timed["open an article"].append(driver.execute_async_script(
            TIMED, f"document.querySelectorAll('#articles li:not([hidden])')[{(i * 7) % 200}].click()"))
        timed["next fact (j)"].append(driver.execute_async_script(TIMED, key % "j"))
        timed["accept a fact (a)"].append(driver.execute_async_script(TIMED, key % "a"))
    for i in range(10):
        timed["filter and sort the list"].append(driver.execute_async_script(TIMED, """
            const box = document.getElementById('unverified-only'); box.checked = !box.checked;
            box.dispatchEvent(new Event('input'));
            const sort = document.getElementById('sort'); sort.value = ['id', 'findings', 'unverified'][%d %% 3];
            sort.dispatchEvent(new Event('input'));""" % i))
    time.sleep(1)  # let a served page's saves finish, and the observer report
    return timed


def report(name: str, page_bytes: int, draw_s: float, loads: list[float], small: list[float], timed, driver):
    long_tasks = driver.execute_script("return window.longTasks")
    heap = driver.execute_script("return performance.memory ? performance.memory.usedJSHeapSize : null")
    median = statistics.median(loads)
    print(f"\n{name}: {page_bytes / 1e6:.1f} MB page, drawn by Python in {draw_s:.2f} s")
    print(f"  load to ready: median {median:.0f} ms of {len(loads)} loads (worst {max(loads):.0f} ms; target "
          f"< {TARGET_LOAD_MS} ms: {'met' if median < TARGET_LOAD_MS else 'MISSED'}); 5 articles: "
          f"{statistics.median(small):.0f} ms (ratio {median / statistics.median(small):.1f}×)")
    for what, values in timed.items():
        print(f"  {what:<26} median {statistics.median(values):5.1f} ms, worst {max(values):5.1f} ms "
              f"({len(values)} times)")
    print(f"  long tasks (> 50 ms) during the interactions: {len(long_tasks)}"
          + (f", longest {max(long_tasks):.0f} ms" if long_tasks else "")
          + (f"; JS heap {heap / 1e6:.0f} MB" if heap else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        sys.exit("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    texts = articles(args.articles)
    started = time.perf_counter()
    with Extractor(use_model=False, cache=False) as ex:
        results = [ex.extract(text, article_id=aid) for aid, text in texts.items()]
    facts = sum(len(r.facts) for r in results)
    print(f"{len(results)} articles, {sum(map(len, texts.values())) / len(texts) / 1e3:.1f} KB and "
          f"{facts / len(results):.1f} facts each on average (read by code in {time.perf_counter() - started:.1f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        driver = browser(tmp / "profile")
        try:
            small = Review(results[:5], texts.__getitem__)
            (tmp / "small.html").write_text(small.page(), encoding="utf-8")
            small_loads = load(driver, (tmp / "small.html").as_uri())

            started = time.perf_counter()
            page = Review(results, texts.__getitem__).page()
            draw = time.perf_counter() - started
            (tmp / "review.html").write_text(page, encoding="utf-8")
            loads = load(driver, (tmp / "review.html").as_uri())
            report("static page (-o review.html)", len(page.encode()), draw, loads, small_loads, interactions(driver),
                   driver)

            served = Review(results, texts.__getitem__, CorrectionStore(tmp / "store.sqlite"))
            with serve(served) as url:
                started = time.perf_counter()
                size = len(served.page(api="").encode())  # the first draw reads every article; later ones reuse it
                draw = time.perf_counter() - started
                loads = load(driver, url + "/")
                report("served page (extractor review)", size, draw, loads, small_loads, interactions(driver), driver)
                saved = len(served.store.all())
                print(f"  reviews saved in the store during the run: {saved}")
        finally:
            driver.quit()


class serve:
    def __init__(self, review: Review):
        import uvicorn
        from fastapi import FastAPI

        from extractor.review.routes import review_router

        app = FastAPI()
        app.include_router(review_router(lambda: review))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.server.servers[0].sockets[0].getsockname()[1]}"

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


if __name__ == "__main__":
    main()
