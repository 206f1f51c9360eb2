"""The headroom curve: does a better model make better facts? A simulated labeller — the mock server answering every
question from gold with accuracy p, and otherwise with another of the question's options — is calibrated
(extractor calibrate's code) and scored on the test splits (dev's F1 beside them), for p = 0.65, 0.8, 0.9, 0.95 and
1.0, beside code alone. Each field of an answer (what happened, which weapon, who says so, where, when) is right with
probability p on its own.

Where it is calibrated is an option. `--calibrate-on calib` (the default) fits on the fresh set's calib split
(eval/fresh: labelled articles no rule was read off, so code errs there as on unseen text; their texts are outside
the repository, `--calib-articles`); `--calibrate-on dev` on the main dev split, which code was tuned to read.

    .venv/bin/python bench/headroom.py [--calibrate-on calib|dev] [--calib-articles DIR] [--p 0.65,0.8,0.9,0.95,1.0]
                                       [--seed 20261127]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from extractor.checkfiles import CORPUS, GOLD, REPOSITORY, Articles
from extractor.evaluation.calibrate import calibrate
from extractor.evaluation.evaluate import evaluate, gold_rows, read_gold, read_splits, split_gold
from extractor.evaluation.oracle import oracle, right_answers
from extractor.testing.mock_server import MockServer
from extractor.pipeline import Article, Extractor
from extractor.settings import Settings

FRESH_GOLD = REPOSITORY / "eval" / "fresh" / "gold"
FRESH_TEXTS = Path("/work/notes/fresh/final")  # outside the repository (eval/fresh/README.md)


def figures(evaluation) -> dict:
    h, v, a = evaluation.cell("headline"), evaluation.figures["verified"], evaluation.figures["attributes"]
    return {"f1": h["f1"], "source": a["source"], "location": a["location"], "date": a["date"],
            "verified_p": v["precision"],
            "verified_r": v.get("recall"), "verified_n": v["facts"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--p", default="0.65,0.8,0.9,0.95,1.0")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--calibrate-on", choices=("calib", "dev"), default="calib",
                        help="the split the labeller is calibrated on: the fresh set's calib (default) or the main dev")
    parser.add_argument("--calib-gold", type=Path, default=FRESH_GOLD, help=f"the calib split's gold (default "
                        f"{FRESH_GOLD.relative_to(REPOSITORY)}, with its splits.toml)")
    parser.add_argument("--calib-articles", type=Path, default=FRESH_TEXTS,
                        help=f"the calib split's texts, <id>.txt (default {FRESH_TEXTS})")
    args = parser.parse_args()
    gold, splits = read_gold(GOLD), read_splits(GOLD)
    texts = Articles([CORPUS]).text

    def articles(split):
        return [Article(aid, texts(aid), dt.date.fromisoformat(doc["published"]) if doc.get("published") else None)
                for aid, doc in sorted(gold.items()) if splits.get(aid) == split]
    test, test2, dev = articles("test"), articles("test2"), articles("dev")
    if args.calibrate_on == "calib":
        fitted_gold, fitted_texts = split_gold(args.calib_gold, "calib"), Articles([args.calib_articles]).text
    else:
        fitted_gold, fitted_texts = split_gold(GOLD, "dev"), texts
    fitted_on = [Article(aid, fitted_texts(aid), dt.date.fromisoformat(doc["published"])
                         if doc.get("published") else None) for aid, doc in sorted(fitted_gold.items())]
    code = Extractor(use_model=False)

    def f1(extractor: Extractor, split: list[Article]) -> float:
        return evaluate({a.id: gold[a.id] for a in split},
                        {a.id: extractor.process(a).facts for a in split}).cell("headline")["f1"]

    def scored(extractor: Extractor) -> dict:  # the test split's figures, and test2's and dev's F1
        return figures(evaluate({a.id: gold[a.id] for a in test}, {a.id: extractor.process(a).facts for a in test})) \
            | {"test2": f1(extractor, test2), "dev": f1(extractor, dev)}
    rows = [("code alone", scored(code))]
    with MockServer({}) as mock:
        base = Settings(base_url=mock.base_url, model="oracle", api_key="k", max_repairs=0, transport_retries=0)
        planner = Extractor(base, cache=False)
        planner.ask_all = True
        table = {}
        for article in fitted_on:
            table.update(right_answers(planner, article, gold_rows(fitted_gold[article.id])))
        for article in test + test2 + ([] if args.calibrate_on == "dev" else dev):
            table.update(right_answers(planner, article, gold_rows(gold[article.id])))
        for p in [float(x) for x in args.p.split(",")]:
            started = time.perf_counter()
            mock.oracle = oracle(table, p, args.seed)
            settings = base.replace(model=f"oracle-p{p}")
            calibration = calibrate(Extractor(settings, cache=False), fitted_gold, fitted_texts)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "calibration.json"
                path.write_text(calibration.to_json(), encoding="utf-8")
                found = scored(Extractor(settings.replace(calibration=path), cache=False))
            rows.append((f"p = {p}", found | {"who": f"{calibration.roles} / {calibration.weapons} / "
                                                      f"{calibration.sources} / {calibration.places} / "
                                                      f"{calibration.dates}",
                                              "emit": calibration.emit, "measured": calibration.measured,
                                              "verify": calibration.verify, "seconds": time.perf_counter() - started}))
    fmt = lambda x: "–" if x is None else f"{x:.3f}"  # noqa: E731
    print(f"test split ({len(test)} articles; test2 {len(test2)}); calibrated on {args.calibrate_on} "
          f"({len(fitted_on)}); seed {args.seed}")
    print("| labeller | headline F1 | test2 F1 | dev F1 | source | location | date | verified P (n) | verified R "
          "| who decides roles / weapons / sources / places / dates | emit / verify |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, f in rows:
        thresholds = f"{f['emit']:.2f} / {f['verify']:.2f}" if "emit" in f else "–"
        print(f"| {name} | {fmt(f['f1'])} | {fmt(f['test2'])} | {fmt(f['dev'])} | {fmt(f['source'])} "
              f"| {fmt(f['location'])} "
              f"| {fmt(f['date'])} "
              f"| {fmt(f['verified_p'])} ({f['verified_n']}) | {fmt(f['verified_r'])} | {f.get('who', '–')} "
              f"| {thresholds} |")

    # Why each field went to code or the arbiter: the calibration's out-of-fold figures where it was fitted.
    print(f"\nout of fold on {args.calibrate_on}: roles end to end (arbiter F1 / code F1, the gain's lower bound); "
          "weapon, source, place, date (rows where the model and code differ: the gain in right picks, its lower "
          "bound); verified precision (n) and the share of right facts kept at verify (over code's facts end to end "
          "where code decides roles, else over the asked counts)")
    print("| labeller | roles | weapons | sources | places | dates | verified |")
    print("|---|---|---|---|---|---|---|")
    for name, f in rows[1:]:
        m = f["measured"]
        options = [f"{m[k]['rows']} rows: {m[k]['gain']:+d} ({m[k]['gain_lower_bound']:+.1f})"
                   for k in ("weapon", "source", "place", "date")]
        kept = f", {m['right_kept_at_verify']:.3f}" if "right_kept_at_verify" in m else ""
        print(f"| {name} | {m['end_to_end_arbiter_f1']:.3f} / {m['end_to_end_code_f1']:.3f} "
              f"({m['arbiter_gain_lower_bound']:+.3f}) | {' | '.join(options)} "
              f"| {m['precision_at_verify']:.3f} ({m['verified_at_verify']}){kept} |")


if __name__ == "__main__":
    main()
