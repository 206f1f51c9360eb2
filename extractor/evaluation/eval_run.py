"""One evaluation run: the gold articles through each arm (pipeline, bare instructor, rules only) on the same
backend, every arm's predictions written as facts JSONL, each arm scored, and the run summarised for
eval/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..checkfiles import Articles
from ..errors import InputError
from ..model.backend import Backend, host_of
from ..model.cache import ResponseCache
from ..model.local_model import MODEL_NAME
from ..model.prompting import prompt_version
from ..pipeline import Article
from ..schemas import SCHEMA_VERSION, FactRow, Result, Usage
from ..settings import Settings
from ..views.facts import to_jsonl
from .arms import ArmOutput, make_arm
from .evaluate import DATED, Evaluation, evaluate


@dataclass
class ArmRun:
    name: str
    outputs: list[ArmOutput] = field(default_factory=list)
    by_split: dict[str, Evaluation] = field(default_factory=dict)  # "all", then each split present

    @property
    def evaluation(self) -> Evaluation | None:
        return self.by_split.get("all")

    def stats(self) -> dict:
        n = len(self.outputs) or 1
        latencies = sorted(o.latency_s for o in self.outputs)
        return {
            "articles": len(self.outputs),
            "errors": sum(o.error is not None for o in self.outputs),
            "prompt_tokens_per_article": sum(o.usage.prompt_tokens for o in self.outputs) / n,
            "output_tokens_per_article": sum(o.usage.completion_tokens for o in self.outputs) / n,
            "requests_per_article": sum(o.requests for o in self.outputs) / n,
            "seconds_per_article": sum(latencies) / n,
            "seconds_p50": statistics.median(latencies) if latencies else None,
            **self.repair_stats(),
        }

    def repair_stats(self) -> dict:
        """How the checker-driven repair went: articles sent back, answers kept, errors before and after."""
        rounds = [r for o in self.outputs if o.result is not None for r in o.result.repairs]
        if not any(o.result is not None for o in self.outputs):
            return {}
        kept = [r for r in rounds if r.kept]
        return {"repair_rounds": len(rounds), "repairs_kept": len(kept),
                "repair_rounds_failed": sum(r.errors_after is None for r in rounds),
                "errors_before_kept_repairs": sum(r.errors_before for r in kept),
                "errors_after_kept_repairs": sum(r.errors_after for r in kept),
                "articles_with_errors_at_the_end": sum(
                    any(f.severity == "error" for f in o.result.checks) for o in self.outputs if o.result)}


def gold_articles(gold: dict[str, dict], articles: Articles, limit: int | None = None) -> list[Article]:
    chosen = sorted(gold)[:limit] if limit else sorted(gold)
    return [Article(aid, articles.text(aid), dt.date.fromisoformat(gold[aid]["published"])
                    if gold[aid].get("published") else None) for aid in chosen]


def _finished_lines(path: Path) -> list[str]:
    """A JSONL file's complete lines: a line a killed run left half-written (no newline yet) is not one."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    return [line for line in (lines if text.endswith("\n") else lines[:-1]) if line.strip()]


def load(out_dir: Path, name: str) -> ArmRun:
    """An arm's earlier run from its files in OUT (predictions and per-article costs), to score it again. An article
    counts as run once its costs line is written (the last of its lines)."""
    rows: dict[str, list] = {}
    for line in _finished_lines(out_dir / f"{name}.facts.jsonl"):
        row = FactRow.model_validate_json(line)
        rows.setdefault(row.article_id, []).append(row)
    results = {r.article_id: r for r in map(Result.model_validate_json,
                                            _finished_lines(out_dir / f"{name}.results.jsonl"))}
    arm_run = ArmRun(name)
    for line in _finished_lines(out_dir / f"{name}.runs.jsonl"):
        cost = json.loads(line)
        arm_run.outputs.append(ArmOutput(cost["article_id"], rows.get(cost["article_id"], []),
                                         Usage(**cost["usage"]), cost["latency_s"], cost["requests"],
                                         cost["error"], results.get(cost["article_id"])))
    return arm_run


def run(gold: dict[str, dict], articles: Articles, arm_names: list[str], settings: Settings, out_dir: Path,
        *, limit: int | None = None, reuse: tuple[str, ...] = (), splits: dict[str, str] | None = None,
        progress: Callable[[str, str, ArmOutput], None] | None = None, cache: bool = False,
        resume: bool = False) -> list[ArmRun]:
    """Every arm over the gold articles, one article at a time; predictions go to OUT/<arm>.facts.jsonl and the
    per-article costs to OUT/<arm>.runs.jsonl as they finish. Arms named in `reuse` are loaded from OUT instead.
    With `resume`, the articles an earlier run into OUT finished are kept and only the rest are run. With `cache`,
    answers come from the response cache where it has them (their seconds and tokens are then not the model's)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    chosen = gold_articles(gold, articles, limit)
    runs = []
    with Backend(settings, cache=ResponseCache(settings.response_cache_path) if cache else None) as backend:
        for name in arm_names:
            if name in reuse:
                if not (out_dir / f"{name}.runs.jsonl").exists():
                    raise InputError(f"--reuse {name}: {out_dir} holds no earlier run of it")
                arm_run = load(out_dir, name)
            else:
                arm_run = _run_arm(name, make_arm(name, backend), chosen, out_dir, resume, progress)
            arm_run.by_split = _score(gold, chosen, arm_run, splits or {})
            runs.append(arm_run)
    return runs


def _run_arm(name: str, arm, chosen: list[Article], out_dir: Path, resume: bool,
             progress: Callable[[str, str, ArmOutput], None] | None) -> ArmRun:
    """One arm over the chosen articles, each article's lines written as it finishes (after what a resumed run
    kept, rewritten whole beside the files and then put in their place, so that nothing half-written stays and a
    stop while rewriting loses nothing)."""
    ids = {article.id for article in chosen}
    arm_run = ArmRun(name, [o for o in load(out_dir, name).outputs if o.article_id in ids] if resume else [])
    done = {o.article_id for o in arm_run.outputs}
    paths = {kind: out_dir / f"{name}.{kind}.jsonl" for kind in ("facts", "results", "runs")}
    kept = {kind: path.with_name(path.name + ".kept") for kind, path in paths.items()}
    for path in kept.values():
        path.unlink(missing_ok=True)
    for output in arm_run.outputs:
        _write(kept, output)
    for kind, path in paths.items():
        if kept[kind].exists():
            kept[kind].replace(path)
        else:
            path.unlink(missing_ok=True)
    for article in chosen:
        if article.id in done:
            continue
        output = arm.run(article)
        arm_run.outputs.append(output)
        _write(paths, output)
        if progress:
            progress(name, article.id, output)
    return arm_run


def _write(paths: dict[str, Path], output: ArmOutput) -> None:
    """An article's predictions, result and costs; the costs line last, since it marks the article as run."""
    with open(paths["facts"], "a", encoding="utf-8") as facts:
        facts.writelines(to_jsonl(output.rows))
    if output.result is not None:
        with open(paths["results"], "a", encoding="utf-8") as results:
            results.write(output.result.model_dump_json() + "\n")
    with open(paths["runs"], "a", encoding="utf-8") as costs:
        costs.write(json.dumps({"article_id": output.article_id, "facts": len(output.rows),
                                "usage": output.usage.model_dump(), "latency_s": output.latency_s,
                                "requests": output.requests, "error": output.error}) + "\n")


def _score(gold: dict[str, dict], chosen: list[Article], arm_run: ArmRun,
           splits: dict[str, str]) -> dict[str, Evaluation]:
    """The arm's figures over all chosen articles and over each split among them."""
    predicted: dict = {a.id: [] for a in chosen}
    for output in arm_run.outputs:
        if output.article_id in predicted:
            predicted[output.article_id] = output.rows
    scored = {"all": evaluate({a.id: gold[a.id] for a in chosen}, predicted)}
    for split in sorted({splits.get(a.id, "unsplit") for a in chosen}) if splits else ():
        ids = [a.id for a in chosen if splits.get(a.id, "unsplit") == split]
        scored[split] = evaluate({i: gold[i] for i in ids}, {i: predicted[i] for i in ids})
    return scored


def _pct(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def _ci(cell: dict, metric: str) -> str:
    interval = cell.get(f"{metric}_ci95")
    return "" if not interval else f" [{interval[0]:.2f}, {interval[1]:.2f}]"


def results_markdown(runs: list[ArmRun], *, command: str, settings: Settings, started: float, note: str = "") -> str:
    """A section for eval/RESULTS.md: when, how, with what, and every arm's figures per split (dev and test side by
    side), with their intervals and the attribute accuracies on matched facts."""
    host = host_of(settings.base_url) if settings.base_url else "embedded llama.cpp"
    lines = [f"## {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC: {', '.join(r.name for r in runs)}", ""]
    if note:
        lines += [note, ""]
    articles = runs[0].evaluation.figures["articles"] if runs else 0
    lines += [f"- command: `{command}`", f"- model: {settings.model or MODEL_NAME} at {host} (mode {settings.mode}, "
              f"max_tokens {settings.max_tokens}, max_repairs {settings.max_repairs})",
              f"- prompt {prompt_version()}, schema {SCHEMA_VERSION}; articles: {articles}; wall time "
              f"{time.perf_counter() - started:.0f} s",
              "", "| arm | split | n | headline F1 [95% CI] | P | R | munitions F1 | casualties F1 | forces F1 | "
              "other F1 | source | location | date | date where gold dates | subject | verified P (n) | verified R | "
              "out tok/article | s/article |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        s = r.stats()
        for split, e in r.by_split.items():
            h, v, a = e.cell("headline"), e.figures["verified"], e.figures["attributes"]
            cat = {c: e.cell(f"category:{c}")["f1"] for c in ("munitions", "casualties", "forces")}
            lines.append(
                f"| {r.name} | {split} | {e.figures['articles']} | {_pct(h['f1'])}{_ci(h, 'f1')} | "
                f"{_pct(h['precision'])} | {_pct(h['recall'])} | {_pct(cat['munitions'])} | {_pct(cat['casualties'])} | "
                f"{_pct(cat['forces'])} | {_pct(e.cell('other')['f1'])} | {_pct(a['source'])} | "
                f"{_pct(a['location'])} | {_pct(a['date'])} | {_pct(a[DATED])} | {_pct(a['subject'])} | "
                f"{_pct(v['precision'])} ({v['facts']}) | {_pct(v.get('recall'))} | "
                f"{s['output_tokens_per_article']:.0f} | "
                f"{s['seconds_per_article']:.1f} |")
    labelled = [(r.name, split, e.figures["part_of"]) for r in runs for split, e in r.by_split.items()
                if e.figures["part_of"]["pairs"]]
    if labelled:
        lines += ["", "Parts (`part_of`) on matched headline facts, where gold is labelled with them (eval/GUIDE.md, "
                  "Parts): right when both are no part or both are parts of one total.", "",
                  "| arm | split | matched facts | part_of right | gold parts | found |", "|---|---|---|---|---|---|"]
        lines += [f"| {name} | {split} | {f['pairs']} | {_pct(f['right'])} | {f['gold_parts']} | {f['found']} |"
                  for name, split, f in labelled]
    for r in runs:
        s = r.stats()
        if "repair_rounds" in s:
            n = s["articles_with_errors_at_the_end"]
            lines.append(f"\n{r.name} repair: {s['repair_rounds']} rounds, {s['repairs_kept']} repaired answers kept "
                         f"(errors {s['errors_before_kept_repairs']} → {s['errors_after_kept_repairs']}), "
                         f"{s['repair_rounds_failed']} rounds failed; {n} article{'' if n == 1 else 's'} still had "
                         f"checker errors at the end.")
    return "\n".join(lines) + "\n"
