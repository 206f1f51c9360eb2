"""A learned reader: where a hand rule was written for one article's wording, a small multinomial logistic
regression over the parse's features may read a count's role better. It weighs the governing verb (as written,
lowercased: the pipeline loads no lemmatizer), how the count hangs from it, the noun it counts, negation and
modality, the role words of its clause and sentence, the words either side of the number, and, in one variant, what
the hand rules read. It is fitted on the dev split only (`extractor
learn-reader`, extractor.evaluation.learn_reader) and kept as weights a person can read in `reader.json` beside
this module.

It decides a count's role only where the regression is at least `threshold` sure, and only if, out of fold on dev,
the facts it made scored better than the hand rules' own (`decides`). Rules stay where they are exact: numbers,
hedges, spans, weapon classes, and the facts of category other."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from ..schemas.vocab import LABEL_ROLES, ROLE_WORDS, category_of
from .article import ReadArticle
from .cues import class_before, role_cues
from .reading import Count, Decision
from .structure import structure

NONE = "none"  # not a headline fact (a fact of category other stays the rules' to read)
# The labels a count can get: every headline role (as the model's labels name them), or none.
CLASSES = tuple(label for label, role in LABEL_ROLES.items() if category_of(role) != "other") + (NONE,)
_LABEL_OF = {role: label for label, role in LABEL_ROLES.items()}
_CUE_ROLES = tuple(ROLE_WORDS)
SHIPPED = "reader.json"


def label_of(decision: Decision | None) -> str:
    """The class of a decision: its role as a label, or none for no fact and a fact of category other."""
    if decision is None or decision[0] == "other" or decision[1] == "other":
        return NONE
    return _LABEL_OF.get(decision[1], decision[1])


def decision_of(read: ReadArticle, count: Count, label: str) -> Decision | None:
    """The decision a label makes of a count, with the weapon class code reads for munitions."""
    role = LABEL_ROLES.get(label, label)
    category = category_of(role)
    if category == "munitions":
        return category, role, count.weapon_class or class_before(read, count.mention.start) or "other"
    return None if category == "other" else (category, role, None)


def _lemma(token) -> str:
    """A token's lemma where the pipeline gives one, else its lowercase form."""
    return (token.lemma_ or token.lower_).lower() if token is not None else ""


def rules_features(count: Count) -> dict[str, float]:
    """What the hand rules read in a count: a reader that weighs them learns where to overrule them."""
    return {f"rules={label_of(count.cue)}": 1.0, f"rules_category={count.cue[0] if count.cue else NONE}": 1.0,
            f"how={count.how}": 1.0}


def features(read: ReadArticle, count: Count) -> dict[str, float]:
    """What the parse and the words say of one count, as named features (value 1.0 unless a size)."""
    m = count.mention
    found: dict[str, float] = {
        f"counts={count.counts or 'unknown'}": 1.0,
        "count_of_one": float(m.text[:2].lower() in ("a ", "an")), "spared": float(count.spared),
        "in_clause": float(count.cue_in_clause), "part_of": float(count.part_of is not None),
        "weapon_named": float(count.weapon_class is not None), "hedged": float(m.reading.approximate
                                                                               or m.reading.lower_bound),
        "range": float(m.reading.low is not None), "log_value": math.log10(1 + (m.reading.value or m.reading.high
                                                                                 or 0)) / 6,
    }
    for role in _CUE_ROLES:
        clause = role_cues(read, m.start, m.end, (role,), sentence=False)
        if clause:
            found[f"clause_cue={role}"] = 1.0
        elif role_cues(read, m.start, m.end, (role,)):
            found[f"sentence_cue={role}"] = 1.0
    start, end = count.tokens
    doc = read.doc
    if end > start:
        s = structure(doc[start:end])
        predicate = _lemma(s.predicate) if s.predicate is not None else NONE
        found.update({f"relation={s.relation or NONE}": 1.0, f"predicate={predicate}": 1.0,
                      f"predicate_relation={predicate}|{s.relation}": 1.0, f"noun={_lemma(s.noun) or NONE}": 1.0,
                      "negated": float(s.negated), "hypothetical": float(s.hypothetical),
                      "partitive_total": float(s.partitive_total), "partitive_one": float(s.partitive_one),
                      "described": float(bool(s.described))})
        for word in f"{s.path_words} {s.phrase}".lower().split():
            found[f"said={word}"] = 1.0
        found[f"before={doc[start - 1].lower_ if start else '^'}"] = 1.0
        found[f"after={doc[end].lower_ if end < len(doc) else '$'}"] = 1.0
    return {name: value for name, value in found.items() if value}


@dataclass(frozen=True)
class Reader:
    """The regression: per class, an intercept and weights over named features."""

    intercepts: dict[str, float]
    weights: dict[str, dict[str, float]]
    threshold: float = 0.5  # how sure it must be to overrule the hand rules (0: it reads every count)
    uses_rules: bool = True  # it weighs what the hand rules read (else the parse and the words alone)
    decides: bool = True  # False: out of fold on dev it did not beat the rules, so the rules read every count
    measured: dict = field(default_factory=dict)  # what fitting measured on dev, for people

    def probabilities(self, features_: dict[str, float]) -> dict[str, float]:
        scores = {c: self.intercepts[c] + sum(self.weights[c].get(f, 0.0) * v for f, v in features_.items())
                  for c in self.intercepts}
        top = max(scores.values())
        exp = {c: math.exp(s - top) for c, s in scores.items()}
        total = sum(exp.values())
        return {c: e / total for c, e in exp.items()}

    def features(self, read: ReadArticle, count: Count) -> dict[str, float]:
        return features(read, count) | (rules_features(count) if self.uses_rules else {})

    def read(self, read: ReadArticle, counts: list[Count]) -> list[Count]:
        """The counts with the regression's label where it overrules the rules' reading."""
        relabelled = []
        for count in counts:
            if count.mention.kind == "count":
                p = self.probabilities(self.features(read, count))
                label = max(p, key=p.get)
                if p[label] >= self.threshold and label != label_of(count.cue):
                    keep_other = count.cue if count.cue is not None and count.cue[0] == "other" else None
                    cue = decision_of(read, count, label) if label != NONE else keep_other
                    count = dataclasses.replace(count, cue=cue, how="learned", cue_in_clause=True)
            relabelled.append(count)
        return relabelled

    def to_json(self) -> str:
        """One line per feature, its weight for each class in the order of `classes`."""
        classes = list(self.intercepts)
        names = sorted({f for ws in self.weights.values() for f in ws})
        head = json.dumps({"decides": self.decides, "threshold": self.threshold, "uses_rules": self.uses_rules,
                           "measured": self.measured, "classes": classes,
                           "intercepts": [round(self.intercepts[c], 4) for c in classes]}, indent=1)
        rows = ",\n".join(f"  {json.dumps(f)}: {json.dumps([round(self.weights[c].get(f, 0.0), 4) for c in classes])}"
                           for f in names)
        return head[:-2] + ',\n "weights": {\n' + rows + "\n }\n}\n"  # head without its closing "\n}"

    @classmethod
    def from_json(cls, text: str) -> "Reader":
        data = json.loads(text)
        classes = data["classes"]
        weights = {c: {f: float(ws[k]) for f, ws in data["weights"].items() if ws[k]} for k, c in enumerate(classes)}
        return cls(dict(zip(classes, map(float, data["intercepts"]))), weights, float(data["threshold"]),
                   bool(data["uses_rules"]), bool(data["decides"]), data.get("measured", {}))


def load(path: Path | None = None, *, always: bool = False) -> Reader | None:
    """The reader in `path` (else the one that ships) when it decides, or with `always` whether or not it does
    (to score it beside the rules); None: the hand rules read every count."""
    try:
        if path is None:
            shipped = resources.files(__package__).joinpath(SHIPPED)
            if not shipped.is_file():
                return None
            reader = _shipped()
        else:
            reader = Reader.from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"reader {path or SHIPPED}: not a reader file ({error})") from None
    return reader if reader.decides or always else None


@lru_cache(maxsize=1)
def _shipped() -> Reader:
    return Reader.from_json(resources.files(__package__).joinpath(SHIPPED).read_text(encoding="utf-8"))
