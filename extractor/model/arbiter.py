"""How much the model's answers count: for each count, code's reading and the model's answer are weighed by a small
logistic regression learned for that model on the dev split (`extractor calibrate`), kept as a calibration file
keyed by the model's name and the prompt's version. A model with no calibration falls back to agreement: code's
reading decides and the model's agreeing label verifies it. The result says which policy decided.

A calibration holds four regressions, each over named features with human-readable weights:
- role: the probability that a candidate fact (code's reading, or the model's label) is right, weighing how code
  read the count (`role_features`);
- weapon, source and place: the probability that the model's weapon class or option, where it differs from code's
  pick, is right.
A fact is emitted when its best candidate's probability reaches `emit` (chosen on dev for F1) and verified when it
reaches `verify` (chosen on dev for precision ≥ 0.98); the checker still vetoes. When the arbiter's facts were no
better than code's own on dev (`roles` = "code"), code's reading decides every fact and the role regression only
says which ship verified; likewise code keeps its weapon class and its pick of speaker or place (`weapons`,
`sources`, `places` = "code") unless the model's picks beat it on dev; a field a calibration never measured is
code's. "Better" means, out of fold by article, a 95% bootstrap lower bound (over articles) of the gain above zero: a
model never costs facts it does not measurably earn."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

CALIBRATIONS = "extractor.model.calibrations"  # the calibrations that ship, one JSON file per model


@dataclass(frozen=True)
class Regression:
    """A logistic regression over named features: weights a person can read."""

    weights: dict[str, float]
    intercept: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class Calibration:
    model: str
    prompt_version: str
    role: Regression
    source: Regression
    place: Regression
    emit: float
    verify: float
    measured: dict = field(default_factory=dict)  # what the fit measured on dev, for people
    roles: str = "arbiter"  # who decides a count's role: the arbiter, or "code" when the arbiter did not beat it
    sources: str = "arbiter"  # who picks among the speakers: the arbiter, or "code" (likewise)
    places: str = "arbiter"  # who picks among the places: the arbiter, or "code" (likewise)
    weapon: Regression = Regression({}, 0.0)
    weapons: str = "code"  # who names the weapon class: the arbiter, or code (also where a calibration never asked)
    date: Regression = Regression({}, 0.0)
    dates: str = "code"  # who picks among the dates: the arbiter, or code (likewise; a calibration before dates: code)

    @property
    def code_decides(self) -> bool:
        """Code's reading decides every fact (no emit threshold, no repair): the arbiter did not beat it on dev."""
        return self.roles == "code"

    def decides(self, field: str) -> bool:
        """Whether the model's answer may decide this field ("weapon", "source", "place" or "date") at all."""
        return {"weapon": self.weapons, "source": self.sources, "place": self.places,
                "date": self.dates}[field] == "arbiter"

    @property
    def name(self) -> str:
        return f"calibrated for {self.model} at {self.prompt_version}"

    def to_json(self) -> str:
        def regression(r: Regression) -> dict:
            weights = {k: round(v, 4) for k, v in sorted(r.weights.items())}
            return {"intercept": round(r.intercept, 4), "weights": weights}
        return json.dumps({"model": self.model, "prompt_version": self.prompt_version, "roles": self.roles,
                           "weapons": self.weapons, "sources": self.sources, "places": self.places,
                           "dates": self.dates,
                           "emit": round(self.emit, 4), "verify": round(self.verify, 4),
                           "role": regression(self.role), "weapon": regression(self.weapon),
                           "source": regression(self.source), "place": regression(self.place),
                           "date": regression(self.date),
                           "measured": self.measured}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Calibration":
        data = json.loads(text)

        def regression(d: dict) -> Regression:
            return Regression({k: float(v) for k, v in d["weights"].items()}, float(d["intercept"]))
        return cls(data["model"], data["prompt_version"], regression(data["role"]), regression(data["source"]),
                   regression(data["place"]), float(data["emit"]), float(data["verify"]), data.get("measured", {}),
                   data.get("roles", "arbiter"), data.get("sources", "arbiter"), data.get("places", "arbiter"),
                   regression(data.get("weapon", {"weights": {}, "intercept": 0.0})), data.get("weapons", "code"),
                   regression(data.get("date", {"weights": {}, "intercept": 0.0})), data.get("dates", "code"))


CODE = "code.json"  # code's own calibration, beside the models' ones


@dataclass(frozen=True)
class CodeCalibration:
    """Code's confidence in its own reading, for when no model decides (`--no-model`, or a fact no answer weighed under
    a model's calibration): a logistic regression over how code read each fact (`code_features`), fitted out of fold
    by article on labelled articles no rule was read off (the calib split, eval/fresh: `extractor calibrate --code
    --split calib`); a fact ships verified when its probability reaches `verify` (chosen for precision ≥ 0.98 among
    the verified, keeping at least 70% of the right facts) and the checker finds no error."""

    regression: Regression
    verify: float
    measured: dict = field(default_factory=dict)  # what the fit measured, out of fold, for people

    @property
    def means(self) -> str:
        """What `verified` means under this calibration, for the result's policy."""
        if self.verify <= 0:  # where it was fitted, the checker alone reached the precision: no fact needs more
            return ("the checker passed it (where code's confidence was fitted, the checker alone was precise enough: "
                    "no confidence threshold)")
        return f"code's calibrated confidence reaches {self.verify:.2f} and the checker passed it"

    def to_json(self) -> str:
        weights = {k: round(v, 4) for k, v in sorted(self.regression.weights.items())}
        return json.dumps({"verify": round(self.verify, 4), "code": {"intercept": round(self.regression.intercept, 4),
                                                                     "weights": weights},
                           "measured": self.measured}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "CodeCalibration":
        data = json.loads(text)
        code = data["code"]
        return cls(Regression({k: float(v) for k, v in code["weights"].items()}, float(code["intercept"])),
                   float(data["verify"]), data.get("measured", {}))


def find_code(path: Path | None = None) -> CodeCalibration | None:
    """Code's calibration (from `path`, else the one that ships), or None when none ships."""
    try:
        if path is None:
            shipped = resources.files(CALIBRATIONS).joinpath(CODE)
            if not shipped.is_file():
                return None
            return CodeCalibration.from_json(shipped.read_text(encoding="utf-8"))
        return CodeCalibration.from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"code calibration {path or CODE}: not a code calibration file ({error})") from None


def file_name(model: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in model) + ".json"


def find(model: str, prompt_version: str, path: Path | None = None) -> tuple[Calibration | None, str]:
    """The calibration for this model and prompt (from `path`, else the ones that ship), and why none applies."""
    try:
        if path is not None:
            text = Path(path).read_text(encoding="utf-8")
        else:
            shipped = resources.files(CALIBRATIONS).joinpath(file_name(model))
            if not shipped.is_file():
                return None, f"no calibration for {model}: code decides, agreement verifies"
            text = shipped.read_text(encoding="utf-8")
        calibration = Calibration.from_json(text)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"calibration {path or file_name(model)}: not a calibration file ({error})") from None
    if calibration.model != model:
        return None, (f"the calibration is for {calibration.model}, not {model}: code decides, agreement verifies")
    if calibration.prompt_version != prompt_version:
        return None, (f"the calibration is for prompt {calibration.prompt_version}, not {prompt_version} (the prompts "
                      f"changed: run extractor calibrate): code decides, agreement verifies")
    return calibration, calibration.name


# ---- features: what the regressions weigh --------------------------------------------------------------------------

# What of code's own confidence (`code_features`) the role regression weighs beside its own features: where code's
# reading is weak (no role word, rival ones, a bare number), a model that disagrees is likelier right.
_CODE_SIGNS = ("no_noun", "sentence_opening", "hedged", "range", "no_source", "part_of", "class_other", "member_of",
               "role_cued", "rival_cues", "restates")


def role_features(count, candidate: tuple, code: tuple | None, model: tuple | None, answered: bool,
                  code_read: dict[str, float] | None = None) -> dict[str, float]:
    """What is known of one candidate fact of a count: whose reading it is, whether the two agree, how code read
    it (`code_read`: code_features of code's own decision, for code's candidate and, as evidence against code, for
    the model's), and what the count counts. (`count` is an extractor.reading.reading.Count; decisions are
    tuples.)"""
    whose = "code" if candidate == code else "against_code"
    features = {
        **{f"{whose}_{name}": value for name, value in (code_read or {}).items() if name in _CODE_SIGNS},
        "is_code": float(candidate == code), "is_model": float(candidate == model), "agree": float(code == model),
        "model_answered": float(answered), "model_says_other": float(answered and model is None),
        "code_read_nothing": float(code is None), "count_of_one": float(count.mention.text[:2].lower() in ("a ", "an")),
        f"how_{count.how}": 1.0, f"counts_{count.counts or 'unknown'}": 1.0, f"category_{candidate[0]}": 1.0,
        "in_clause": float(count.cue_in_clause),
    }
    return {name: value for name, value in features.items() if value}


def weapon_features(code_class: str, model_class: str) -> dict[str, float]:
    """What is known when the model's weapon class differs from code's: which two classes they are."""
    return {f"code_{code_class}": 1.0, f"model_{model_class}": 1.0}


def option_features(code_pick: int | None, model_pick: int | None, options: tuple, sentence: tuple[int, int]
                    ) -> dict[str, float]:
    """What is known when the model's option differs from code's pick (`options`, Words in article order): which
    is none or first, and whether each stands in the count's own sentence (`sentence`, its span) or after it."""
    def inside(pick: int | None) -> bool:
        return pick is not None and sentence[0] <= options[pick].start < sentence[1]

    def after(pick: int | None) -> bool:
        return pick is not None and options[pick].start >= sentence[1]
    return {name: value for name, value in {
        "model_none": float(model_pick is None), "code_none": float(code_pick is None),
        "code_first": float(code_pick == 0), "options": float(len(options)), "model_first": float(model_pick == 0),
        "code_in_sentence": float(inside(code_pick)), "model_in_sentence": float(inside(model_pick)),
        "model_after": float(after(model_pick)),
    }.items() if value}



_MEMBER = re.compile(r"\s+(?:out\s+)?of\s+(?:the|these|those|them|which|whom)\b", re.IGNORECASE)  # "one of the drones"


def code_features(read, count, decision: tuple, source, restates: bool) -> dict[str, float]:
    """How code read one count it made a fact of, for code's own confidence (`CodeCalibration`): which reading path
    fired, what the number and its words look like, how strongly the role words say its role, and whether an earlier
    fact of the article states the same (`restates`). (`read` is the ReadArticle, `count` an
    extractor.reading.reading.Count, `decision` its (category, role, class), `source` code's speaker or None.)"""
    from ..reading.cues import role_cues
    from ..schemas.vocab import HEADLINE_ROLES

    m, r = count.mention, count.mention.reading
    first = m.text.split()[0].lower()
    opening = read.text[read.sentence(m.start, m.end)[0]:m.start].strip(" \n\"'“”‘’(—-") == ""
    cues = role_cues(read, m.start, m.end, HEADLINE_ROLES.get(decision[0], ()))
    features = {
        f"how_{count.how}": 1.0, f"category_{decision[0]}": 1.0, "in_clause": float(count.cue_in_clause),
        "count_of_one": float(first in ("a", "an")), "one": float(r.value == 1 and first not in ("a", "an")),
        "no_noun": float(not count.noun.strip() and not count.head), "sentence_opening": float(opening),
        "hedged": float(r.approximate or r.lower_bound or r.upper_bound), "range": float(r.low is not None),
        "no_source": float(source is None), "part_of": float(count.part_of is not None),
        "class_other": float(decision[0] == "munitions" and decision[2] == "other"),
        "member_of": float(bool(_MEMBER.match(read.text, m.end))), "restates": float(restates),
        "role_cued": float(decision[1] in cues), "rival_cues": float(len(set(cues) - {decision[1]})),
    }
    return {name: value for name, value in features.items() if value}
