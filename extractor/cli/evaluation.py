"""`extractor eval` (score predictions against gold) and `extractor eval-run` (run the arms over the gold articles,
score them side by side, per split)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from rich.table import Table

from ..checkfiles import GOLD, Articles, default_places
from ..errors import ConfigError, SetupError
from ..settings import MODES, Settings
from .group import main
from .console import err, out, plain, plural

ARM_NAMES = ("pipeline", "code", "learned", "bare", "rules")  # extractor.evaluation.arms.ARMS, without importing it
SPLITS = ("all", "dev", "test", "test2", "calib")
# What fitting may learn from: dev (read for errors) and calib (eval/fresh: labelled, never read for errors, only fitted
# on). The test splits are scored, never learned from.
LEARNED_FROM = ("dev", "calib")


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def score_table(rows) -> Table:
    """One row per (name, evaluation): headline F1 with its interval, the categories, other, attributes, verified."""
    from ..evaluation.evaluate import DATED

    table = Table(header_style="bold", title="headline facts (other scored apart); attributes on matched facts")
    for column in ("arm", "split", "n", "F1 [95% CI]", "P", "R", "munitions", "casualties", "forces", "other",
                   "source", "location", "date", "date where gold dates", "subject", "part_of", "verified P (n)",
                   "verified R"):
        table.add_column(column)
    for name, split, e in rows:
        h, v, a = e.cell("headline"), e.figures["verified"], e.figures["attributes"]
        ci = h.get("f1_ci95")
        table.add_row(plain(name), split, str(e.figures["articles"]),
                      _fmt(h["f1"]) + (f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else ""), _fmt(h["precision"]),
                      _fmt(h["recall"]), *(_fmt(e.cell(f"category:{c}")["f1"]) for c in
                                           ("munitions", "casualties", "forces")),
                      _fmt(e.cell("other")["f1"]),
                      *(_fmt(a[k]) for k in ("source", "location", "date", DATED, "subject")),
                      _fmt(e.figures["part_of"]["right"]),
                      f"{_fmt(v['precision'])} ({v['facts']})", _fmt(v.get("recall")))
    return table


def by_split(gold: dict, splits: dict[str, str]) -> dict[str, dict]:
    """The gold documents of each split present (articles the manifest does not name are their own "other")."""
    grouped: dict[str, dict] = {}
    for article_id, document in gold.items():
        grouped.setdefault(splits.get(article_id, "unsplit"), {})[article_id] = document
    return dict(sorted(grouped.items()))


def _write_html(path, arms, places, subtitle: str) -> None:
    from ..evaluation.report import render

    articles = Articles(places or default_places())
    Path(path).write_text(render(arms, articles.text, subtitle=subtitle), encoding="utf-8")
    err.print(f"report written to {plain(path)}")


@main.command("eval")
@click.argument("predictions", type=click.Path(exists=True))
@click.argument("gold", type=click.Path(exists=True), default=str(GOLD), required=False)
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write every figure here as JSON.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write a self-contained HTML report.")
@click.option("--articles", "places", multiple=True, type=click.Path(exists=True),
              help="Article texts for the report (default: ../shared/corpus beside the repository).")
def eval_command(predictions, gold, json_path, html_path, places) -> None:
    """Score PREDICTIONS (results or facts JSONL) against GOLD (default: the repository's eval/gold). Only the
    articles present in both are scored, per split (eval/splits.toml); the others are counted and left out.
    PREDICTIONS may also be a folder of gold files: two labellers' agreement (headline F1 of one against the other).

    \b
    Example:
      extractor extract ../shared/corpus/ -o results.jsonl --no-model
      extractor eval results.jsonl --html report.html
      extractor eval eval/labelling/test2/a eval/labelling/test2/b     # agreement of two labellers
    """
    from ..evaluation.evaluate import (
        commonest_errors,
        evaluate,
        read_gold,
        read_predictions,
        read_splits,
    )

    predicted, documents = read_predictions([predictions]), read_gold(gold)
    shared = {aid: doc for aid, doc in documents.items() if aid in predicted}
    left_out = len(documents) - len(shared)
    unknown = len(set(predicted) - set(documents))
    if left_out or unknown:
        err.print(f"scoring the {plural(len(shared), 'article')} present in both; left out: "
                  f"{plural(left_out, 'gold article')} with no prediction, {plural(unknown, 'prediction')} with no gold")
    if not shared:
        raise ConfigError(f"{predictions} and {gold} share no article id: nothing to score (the gold ids are the "
                          f"corpus file names, e.g. 003)")
    name = Path(predictions).name
    evaluation = evaluate(shared, predicted)
    rows = [(name, "all", evaluation)]
    splits = by_split(shared, read_splits(gold))
    if len(splits) > 1:
        rows += [(name, split, evaluate(docs, predicted)) for split, docs in splits.items()]
    out.print(score_table(rows))
    for error, n in commonest_errors(evaluation):
        out.print(f"  {n:>4}  {plain(error)}")
    if json_path:
        figures = {split: e.figures for _, split, e in rows}
        Path(json_path).write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    if html_path:
        _write_html(html_path, [(name, evaluation)], places, f"{predictions} against {gold}")


def _arms(ctx, param, value: str) -> list[str]:
    names = [a.strip() for a in value.split(",") if a.strip()]
    unknown = [a for a in names if a not in ARM_NAMES]
    if unknown or not names:
        raise click.BadParameter(f"{', '.join(unknown) or '(none)'}: choose from {', '.join(ARM_NAMES)}")
    return names


@main.command("eval-run")
@click.option("--arms", default="pipeline,code,bare,rules", show_default=True, callback=_arms,
              help="Comma-separated arms: pipeline, code (the pipeline without the model), learned (code with "
                   "the learned reader, extractor learn-reader), bare (one instructor call, flat schema), rules "
                   "(crude, no model).")
@click.option("--split", type=click.Choice(SPLITS), default="all", show_default=True,
              help="Which gold articles to run (eval/splits.toml); figures are shown per split either way.")
@click.option("--gold", "gold_path", default=str(GOLD), type=click.Path(exists=True),
              help="The gold labels (default: the repository's eval/gold).")
@click.option("--articles", "places", multiple=True, type=click.Path(exists=True),
              help="Where the gold articles' texts are (default: ../shared/corpus beside the repository).")
@click.option("-o", "--out", "out_dir", default="out/eval", show_default=True, type=click.Path(file_okay=False),
              help="Predictions, per-article costs, figures and the report go here.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N gold articles (by id).")
@click.option("--reuse", default="", help="Comma-separated arms to load from OUT (an earlier run) instead of running.")
@click.option("--resume", is_flag=True, help="Keep the articles an earlier run into OUT finished, per arm, and run only "
              "the rest: a stopped run picks up where it stopped.")
@click.option("--record", type=click.Path(dir_okay=False), help="Append the run's figures to this markdown file "
              "(eval/RESULTS.md). A run of every arm on the embedded model takes about 20 minutes: record the runs "
              "whose figures you cite.")
@click.option("--note", default="", help="A line to record with the run (what changed).")
@click.option("--cache/--no-cache", default=False, show_default=True,
              help="Take answers from the response cache where it has them (say so in --note: their seconds and "
                   "tokens are not the model's).")
@click.option("--base-url", help="[EXTRACTOR_BASE_URL]")
@click.option("--model", help="[EXTRACTOR_MODEL]")
@click.option("--mode", type=click.Choice(MODES), help="[EXTRACTOR_MODE]")
@click.option("--max-tokens", type=click.IntRange(min=1), help="[EXTRACTOR_MAX_TOKENS]")
def eval_run_command(arms, split, gold_path, places, out_dir, limit, reuse, resume, record, note, cache, base_url,
                     model, mode, max_tokens) -> None:
    """Run the gold articles through each arm on one backend, score them side by side per split (dev and test),
    and write the predictions, figures (JSON) and an HTML report to OUT.

    \b
    Examples:
      extractor eval-run --arms code,rules                      # seconds: no model
      extractor eval-run --record eval/RESULTS.md               # every arm on the embedded model (slow)
    """
    from ..evaluation.eval_run import gold_articles, results_markdown, run
    from ..evaluation.events import event_gold_beside, events_markdown, read_event_gold, score_events
    from ..evaluation.reach import reach, reach_markdown
    from ..evaluation.evaluate import read_gold, read_splits

    started = time.perf_counter()
    settings = Settings.from_env(base_url=base_url, model=model, mode=mode, max_tokens=max_tokens)
    places = places or default_places()
    gold, splits = read_gold(gold_path), read_splits(gold_path)
    if split != "all":
        gold = {aid: doc for aid, doc in gold.items() if splits.get(aid) == split}
    articles = Articles(places)

    def progress(arm, article_id, output):
        status = f"[red]{plain(output.error)}[/red]" if output.error else plural(len(output.rows), "fact")
        err.print(f"[dim]{arm}[/dim] {plain(article_id)}: {status}, {output.latency_s:.1f} s, "
                  f"{output.usage.completion_tokens} output tokens")

    runs = run(gold, articles, arms, settings, Path(out_dir), limit=limit, progress=progress, splits=splits,
               reuse=tuple(a.strip() for a in reuse.split(",") if a.strip()), cache=cache, resume=resume)
    out.print(score_table([(r.name, s, e) for r in runs for s, e in r.by_split.items()]))
    within = reach(gold, gold_articles(gold, articles, limit), splits)
    out.print("what the questions let any model reach (evaluation/reach.py):\n" + reach_markdown(within))
    figures = {r.name: {"figures": {s: e.figures for s, e in r.by_split.items()}, "costs": r.stats()} for r in runs}
    figures["reach"] = within
    event_folder = event_gold_beside(gold_path)  # eval/gold → eval/events, eval/fresh/gold → eval/fresh/events
    if event_folder:
        events = score_events(read_event_gold(event_folder), gold, gold_articles(gold, articles, limit), splits)
        out.print(f"events and places, code alone (evaluation/events.py, gold in {event_folder}):\n"
                  + events_markdown(events))
    else:
        events = {}
        out.print(f"no events gold beside {gold_path}: events not scored")
    figures["events"] = events
    Path(out_dir, "figures.json").write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    if record:
        command = "extractor eval-run " + " ".join(sys.argv[2:])
        with open(record, "a", encoding="utf-8") as stream:
            stream.write("\n" + results_markdown(runs, command=command, settings=settings, started=started,
                                                 note=note))
            stream.write("\nWhat the questions let any model reach (candidates and options, code alone):\n\n"
                         + reach_markdown(within))
            if event_folder:  # (a gold folder with no events gold beside it scores no events)
                stream.write(f"\nEvents within an article and places on the map (code alone; gold in {event_folder}):"
                             "\n\n" + events_markdown(events))
        err.print(f"recorded in {plain(record)}")
    _write_html(Path(out_dir, "report.html"), [(r.name, r.evaluation) for r in runs], places,
                f"arms: {', '.join(arms)}")


def _learns_from_dev(command):
    """The options of a command that learns from gold: which gold, which split (dev only), where the texts are."""
    command = click.option("--articles", "places", multiple=True, type=click.Path(exists=True),
                           help="Where the gold articles' texts are (default: ../shared/corpus beside the "
                                "repository).")(command)
    command = click.option("--split", type=click.Choice(LEARNED_FROM), default="dev", show_default=True,
                           help="Which gold articles to learn from (the splits.toml beside the gold): dev, or calib "
                                "(eval/fresh), never a test split.")(command)
    return click.option("--gold", "gold_path", default=str(GOLD), type=click.Path(exists=True),
                        help="The gold labels (default: the repository's eval/gold).")(command)


@main.command("calibrate")
@_learns_from_dev
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the calibration here (default: the package's calibrations for the embedded model, "
                   "else calibration-<model>.json here).")
@click.option("--base-url", help="[EXTRACTOR_BASE_URL]")
@click.option("--model", help="[EXTRACTOR_MODEL]")
@click.option("--mode", type=click.Choice(MODES), help="[EXTRACTOR_MODE]")
@click.option("--code", "code_alone", is_flag=True, help="Calibrate code's own confidence instead (no model: the "
              "verify decision of --no-model; default output: the package's calibrations/code.json).")
@click.option("--roles-only", is_flag=True, help="Ask about roles alone and let code keep the weapon class, source, "
              "place and date: half the questions, for a model known not to beat code's picks (the embedded one).")
def calibrate_command(gold_path, split, places, output, base_url, model, mode, code_alone, roles_only) -> None:
    """Learn how much the configured model's answers count: ask it every question about the dev articles, fit the
    arbiter's regressions with cross-validation, and write a calibration file keyed by the model's name and the
    prompts' version. Extractions with that model then use it (the result's `policy` says so).

    \b
    Examples:
      extractor calibrate                                      # the embedded model (slow: every dev question)
      extractor calibrate --base-url http://gpu:8000/v1 --model qwen2.5-72b -o qwen72b.json
      EXTRACTOR_CALIBRATION=qwen72b.json extractor extract articles.jsonl --base-url … --model qwen2.5-72b
      extractor calibrate --base-url … --model m --gold eval/fresh/gold --articles FRESH --split calib -o m.json
                                                               # on articles no rule was read off
      extractor calibrate --roles-only --gold eval/fresh/gold --articles FRESH --split calib   # the embedded
                                                               # model on unseen articles, roles alone (half an hour)
      extractor calibrate --code --gold eval/fresh/gold --articles FRESH --split calib   # code's confidence,
                                                               # for --no-model, on unseen articles (a minute)
    """
    try:
        from ..evaluation.calibrate import calibrate
    except ImportError:
        raise SetupError("extractor calibrate needs scikit-learn. Run: pip install -e '.[calibrate]'") from None
    from ..evaluation.evaluate import split_gold
    from ..model import arbiter
    from ..pipeline import Extractor

    gold = split_gold(gold_path, split)  # `--split` offers no test split
    articles = Articles(places or default_places())
    if code_alone:
        _calibrate_code(gold, articles, output, split)
        return
    settings = Settings.from_env(base_url=base_url, model=model, mode=mode)
    with Extractor(settings) as extractor:
        calibration = calibrate(extractor, gold, articles.text,
                                progress=lambda aid, n: err.print(f"[dim]calibrate[/dim] {plain(aid)}: "
                                                                  f"{plural(n, 'answer')}"), options=not roles_only)
    if output is None:
        from ..model.local_model import MODEL_NAME

        output = (Path(arbiter.__file__).parent / "calibrations" / arbiter.file_name(MODEL_NAME)
                  if calibration.model == MODEL_NAME else Path(f"calibration-{arbiter.file_name(calibration.model)}"))
    Path(output).write_text(calibration.to_json(), encoding="utf-8")
    m = calibration.measured
    err.print(f"calibration written to {plain(output)}: roles decided by {calibration.roles} (end to end, out of "
              f"fold: arbiter {m.get('end_to_end_arbiter_f1')}, code {m.get('end_to_end_code_f1')}, gain's lower "
              f"bound {m.get('arbiter_gain_lower_bound')}), sources by {calibration.sources}, places by "
              f"{calibration.places}, emit ≥ {calibration.emit:.2f}, verify ≥ {calibration.verify:.2f} ({m.get('asked_counts')} counts asked on {m.get('articles')} articles; "
              f"out-of-fold F1 {m.get('f1_at_emit')}, verified precision {m.get('precision_at_verify')})")


def _calibrate_code(gold: dict[str, dict], articles, output: str | None, split: str) -> None:
    from ..evaluation.calibrate import calibrate_code
    from ..model import arbiter
    from ..pipeline import Extractor

    with Extractor(Settings.from_env().replace(use_model=False)) as extractor:
        code = calibrate_code(extractor, gold, articles.text,
                              progress=lambda aid, n: err.print(f"[dim]calibrate[/dim] {plain(aid)}: "
                                                                f"{plural(n, 'fact')}"))
    code.measured["split"] = split
    output = Path(output) if output else Path(arbiter.__file__).parent / "calibrations" / arbiter.CODE
    output.write_text(code.to_json(), encoding="utf-8")
    m = code.measured
    err.print(f"code calibration written to {plain(str(output))}: verify ≥ {code.verify:.2f} (out of fold on "
              f"{m['articles']} articles: verified precision {m['precision_at_verify']} over {m['verified_at_verify']} "
              f"facts, {m['right_kept_at_verify']} of the right facts kept; the checker alone "
              f"{m['precision_checker_alone']} over {m['checker_passed']})")


@main.command("learn-reader")
@_learns_from_dev
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the reader here (default: the package's extractor/reading/reader.json).")
@click.option("--threshold", type=click.FloatRange(0, 1), help="How sure the reader must be to overrule the rules, "
              "fixed (0: it reads every count in place of the rules) rather than chosen out of fold.")
def learn_reader_command(gold_path, split, places, output, threshold) -> None:
    """Fit the learned reader on the dev articles' counts and compare it with code's hand rules end to end, out of
    fold by article (no model, a minute or so). It reads in place of the rules only where it beat them on dev with
    a bootstrap lower bound above zero; `extractor eval-run --arms code,learned` scores both on every split.

    \b
    Examples:
      extractor learn-reader
      extractor learn-reader --gold my-gold/ --articles my-texts/ -o reader.json
      extractor learn-reader --threshold 0 -o instead.json     # a classifier in place of the rules, to score
      EXTRACTOR_READER=reader.json extractor extract articles.jsonl --no-model
    """
    try:
        from ..evaluation.learn_reader import learn
    except ImportError:
        raise SetupError("extractor learn-reader needs scikit-learn. Run: pip install -e '.[calibrate]'") from None
    from ..evaluation.evaluate import split_gold
    from ..reading import learned

    gold = split_gold(gold_path, split)  # `--split` offers no test split
    reader = learn(gold, Articles(places or default_places()).text,
                   progress=lambda aid: err.print(f"[dim]learn-reader[/dim] read {plain(aid)}"),
                   thresholds=(threshold,) if threshold is not None else None)
    output = Path(output) if output else Path(learned.__file__).with_name(learned.SHIPPED)
    output.write_text(reader.to_json(), encoding="utf-8")
    m = reader.measured
    err.print(f"reader written to {plain(str(output))}: {'it reads' if reader.decides else 'the hand rules read'} "
              f"(out-of-fold headline F1 on {m['articles']} articles: learned {m['learned_f1']} at C={m['strength']}, "
              f"threshold {reader.threshold}; rules {m['rules_f1']}; lower bound of the difference "
              f"{m['lower_bound_of_difference']})")
