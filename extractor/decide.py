"""Deciding the facts: from code's reading of each count (extractor.reading), its context and the model's answer,
which counts are facts, with what label, who says so and where, what each is part of, and which ship verified.

Two policies (extractor.model.arbiter). With a calibration for the model, each candidate fact — code's reading, and
the model's label where it differs — gets the probability the calibration gives it; the likelier one is the fact if
it reaches the emit threshold, and it is confirmed at the verify threshold; the model's weapon class and its option
of source, place and date replace code's where the calibration trusts them more (a calibration whose arbiter did not
beat code on dev, `roles` = "code", keeps code's reading of every count and only weighs it for verification). With
none (or no model), code's reading decides and the model's label, given without seeing that reading, confirms it when they
agree. With no model at all, code's own calibration (`CodeCalibration`, fitted by `extractor calibrate --code`)
confirms each headline fact whose probability reaches its threshold (`_code_confirms`). A repair — the checker found a
fact wrong and the model, asked again with the finding, gave a label — stands, unconfirmed."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .model.arbiter import (Calibration, CodeCalibration, code_features, option_features, role_features,
                            weapon_features)
from .reading.actors import What
from .reading.article import ReadArticle
from .reading.context import Context, Words
from .reading.learned import decision_of
from .reading.reading import Count, Decision
from .reading.spans import OfficeWords, next_paragraph, paragraph_of, quoted
from .schemas.label import OPTION_LETTERS
from .schemas.vocab import SUBCOUNT_WORDS, words

_SUBCOUNT = words(SUBCOUNT_WORDS)
_OWN_PARTITIVE = re.compile(r"\s*(?:out\s+)?(?:of\s+(?:them|whom|which|those|these))?", re.IGNORECASE)
_AND_NEXT = re.compile(r"^[^,;:]{0,40}\band\s+$")  # what joins one part of a list to the next
_AND_THEN = re.compile(r"^[^,;:.]{0,40}\band\s+(?:\w+\s+){0,2}$")  # "… people and wounded " the next count
label_decision = decision_of  # what a model's label alone says, with the weapon class code reads


@dataclass(frozen=True)
class Fact:
    """A count decided to be a fact."""

    index: int  # among the article's counts
    count: Count
    decision: Decision
    part_of: int | None = None  # the index of the total's count
    place: Words | None = None
    source: Words | None = None
    date: Words | None = None  # the date words of its sentence nearest the number, or a model's option
    unconfirmed: str | None = None  # why it cannot ship verified though the checker passes it
    probability: float | None = None  # the calibration's, when one decided
    read_at: Context = Context()  # code's own context for the count: whether two statements are one count rests on
    # its place and source, whoever picks the fact's `place` and `source` (a model's pick must not make a count twice)

    @property
    def what(self) -> What:
        """The kind of violence and the sides the count's sentence names (code's: no one is asked)."""
        return self.read_at.what


def _pick(options: tuple[Words, ...], letter: str | None) -> int | None:
    return OPTION_LETTERS.index(letter) if letter in OPTION_LETTERS[:len(options)] else None


def _context(context: Context, answer, calibration: Calibration | None, sentence: tuple[int, int]
             ) -> tuple[Words | None, ...]:
    """Code's place, source and date, or the model's option where the calibration trusts it more (`sentence`: the
    count's)."""
    chosen = []
    for name, pick, options in (("place", context.place, context.places),
                                ("source", context.source, context.sources), ("date", context.date, context.dates)):
        code = options.index(pick) if pick in options else None
        model = _pick(options, getattr(answer, name, None)) if answer is not None else None
        if calibration is not None and answer is not None and model != code and calibration.decides(name):
            trust = getattr(calibration, name).probability(option_features(code, model, options, sentence))
            if trust >= 0.5:
                pick = options[model] if model is not None else None
        chosen.append(pick)
    return tuple(chosen)


def _weapon(decision: Decision, answer, calibration: Calibration | None) -> Decision:
    """Code's weapon class of a munitions fact, or the model's where the calibration lets it name the class and
    trusts it more."""
    said = getattr(answer, "weapon", None)
    if decision[0] != "munitions" or said is None or said == decision[2] or calibration is None \
            or not calibration.decides("weapon"):
        return decision
    trusted = calibration.weapon.probability(weapon_features(decision[2], said)) >= 0.5
    return (decision[0], decision[1], said) if trusted else decision


def restates(before: list[Fact], count: Count) -> bool:
    """Whether a fact decided before states what code reads of this count (its label and number): a restatement,
    code's likeliest kind of wrong fact."""
    r = count.mention.reading
    said = (*count.cue, r.value, r.low, r.high) if count.cue else None
    return said is not None and any((*f.decision, f.count.mention.reading.value, f.count.mention.reading.low,
                                     f.count.mention.reading.high) == said for f in before)


def _role(read: ReadArticle, count: Count, context: Context, answer, calibration: Calibration | None,
          restated: bool = False) -> tuple[Decision | None, str | None, float | None]:
    """The decision for one count, why it is unconfirmed (or None), and the calibration's probability (`restated`:
    whether an earlier fact states what code reads of it)."""
    code = count.cue
    if answer is None:
        return code, None, None  # no model asked (none configured, or a count of category other)
    model = label_decision(read, count, answer.label)
    if calibration is None:
        if code is None:
            return None, None, None
        if model != code:
            return code, f"the model labelled it {answer.label}, the words say {code[1]}", None
        return code, None, None
    candidates = {code} if calibration.code_decides else {code, model}  # code decides: the model only weighs it
    # how code read it, as calibration weighed it: a count code reads as of category other has no reading to weigh
    code_read = code_features(read, count, code, context.source, restated) if code and code[0] != "other" else None
    scored = [(calibration.role.probability(role_features(count, c, code, model, True, code_read)), c)
              for c in candidates if c is not None]
    if not scored:
        return None, None, None
    probability, decision = max(scored, key=lambda s: (s[0], s[1] == code))
    if probability < calibration.emit and not calibration.code_decides:
        return None, None, probability
    why = None if probability >= calibration.verify else (
        f"the calibrated probability {probability:.2f} is below {calibration.verify:.2f}")
    return decision, why, probability


def facts(read: ReadArticle, counts: list[Count], contexts: list[Context], answers: dict | None = None,
          calibration: Calibration | None = None, repairs: dict[int, str] | None = None,
          code: CodeCalibration | None = None) -> list[Fact]:
    """The facts among the counts, in article order: sub-counts share their total's label unless their own clause
    states one ("35 killed … Among them are two children" → killed 2), and a count stated twice is one fact. With
    `code` (no model decides), code's confidence confirms each headline fact or leaves it unconfirmed."""
    answers, repairs = answers or {}, repairs or {}
    decided: list[Fact] = []
    shared: dict[int, int] = {}  # each fact's index → the index of the total whose label it may share
    for i, count in enumerate(counts):
        answer = answers.get(i)
        if i in repairs:
            decision, why, probability = label_decision(read, count, repairs[i]), None, None
            why = None if decision == count.cue else f"only the model read it as {decision[1]}" if decision else None
        else:
            decision, why, probability = _role(read, count, contexts[i], answer, calibration,
                                               restates(decided, count))
        shares = _total(read, decided, count, near=False, shared=shared)
        if shares is not None and shares.decision[0] in ("casualties", "forces", "other") and not count.cue_in_clause \
                and (decision is None or decision[0] == shares.decision[0]) \
                and (calibration is None or answer is None or calibration.code_decides):
            decision = shares.decision  # unless a calibrated answer about the sub-count itself knows better
        if decision is None:
            continue
        decision = _weapon(decision, answer, calibration)
        total = _total(read, decided, count, near=True, shared=shared)
        if shares is not None:
            shared[i] = shares.index
        place, source, date = _context(contexts[i], answer, calibration,
                                       read.sentence(count.mention.start, count.mention.end))
        decided.append(Fact(i, count, decision, total.index if total and total.decision[0] == decision[0] else None,
                            place, source, date, why, probability, contexts[i]))
    return _code_confirms(read, _told_parts(read, _restated(read, decided)), code)


# ---- code's confidence: the verify decision when no model decides -------------------------------------------------

def code_features_of(read: ReadArticle, decided: list[Fact]) -> list[dict[str, float] | None]:
    """What code's calibration weighs of each fact (None for a fact of category other, which it does not weigh)."""
    seen, features = set(), []
    for fact in decided:
        r = fact.count.mention.reading
        said = (*fact.decision, r.value, r.low, r.high)
        headline = fact.decision[0] != "other" and fact.decision[1] != "other"
        features.append(code_features(read, fact.count, fact.decision, fact.source, said in seen) if headline
                        else None)
        seen.add(said)
    return features


def _code_confirms(read: ReadArticle, decided: list[Fact], code: CodeCalibration | None) -> list[Fact]:
    """Each headline fact code alone decided, with code's calibrated probability, unconfirmed below `verify`."""
    if code is None:
        return decided
    confirmed = []
    for fact, features in zip(decided, code_features_of(read, decided)):
        if features is not None and fact.probability is None and fact.unconfirmed is None:
            p = code.regression.probability(features)
            fact = dataclasses.replace(fact, probability=p, unconfirmed=None if p >= code.verify else (
                f"code's calibrated confidence {p:.2f} is below {code.verify:.2f}"))
        confirmed.append(fact)
    return confirmed


def _total(read: ReadArticle, decided: list[Fact], count: Count, near: bool, shared: dict[int, int]) -> Fact | None:
    """The fact this count is part of: the one the parse names, else the fact just before it when "including",
    "among them" or "of whom" stands between them (`near`: right before this count, in the same sentence), or the
    total of that fact when this count is the next part of its list ("of whom 40 are officers and 60 are
    conscripts")."""
    if count.part_of is not None:
        return next((f for f in decided if f.index == count.part_of), None)
    # the fact before, passing over the parts listed in a closed parenthesis ("5 (3 Thais, 2 Lao), of whom 2 …")
    before = next((f for f in reversed(decided)
                   if not _bracketed(read.text[f.count.mention.end:count.mention.start])), None)
    if before is None or count.mention.start - before.count.mention.end > 200:
        return None
    between = read.text[before.count.mention.end:count.mention.start]
    if near and re.fullmatch(r"[^.,;:()\d\n]{0,30}\(\s*", between):
        return before  # the first part of a list in brackets after its total: "5 (3 Thais, …"
    listed = _AND_NEXT.search(between) and not re.search(r"[.!?]\s|\n", between)
    if listed or near and _bracketed_next(read.text, between, count.mention.start):
        of = before.part_of if near else shared.get(before.index)
        return next((f for f in decided if f.index == of), None) if of is not None else None
    # "of them" right after a number is its own partitive ("downed 20 of them, while 11 …"), no sub-count opened
    opened = _SUBCOUNT.search(between, _OWN_PARTITIVE.match(between).end())
    if not near:
        return before if opened else None
    close = opened and opened.start() >= len(between) - 60
    if close and not re.search(r"[.!?]\s|\n", between):  # "… 35 killed, including two children"
        return before
    return None


# Parts told beyond their total's clause (eval/GUIDE.md, Parts): taken "of" a stated total ("29 of 30 missiles"), "of"
# one told before ("20 of them", "24 of the projectiles", "30 of which", "Of those, 579 …"), "among" the dead or
# wounded told before, or a breakdown summing to the total it follows ("26 launches were identified. Sixteen rockets
# exploded …, six fell short, and four …").
_OF_THE_NEXT = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?", re.IGNORECASE)
_OF_BEFORE = re.compile(r"\s*(?:out\s+)?of\s+(?:them|those|these|which|whom|the\s+[a-z])", re.IGNORECASE)
_OF_WHICH = re.compile(r"\s*of\s+(?:which|whom)\b", re.IGNORECASE)
_OPENS_OF = re.compile(r"\W*(?:out\s+)?of\s+(?:them|those|these|the\s+[^,.;\n]{1,40}),[^.!?\n]*", re.IGNORECASE)
_AMONG = re.compile(r"\bamong\s+(?:them|those|whom|the\s+(?:(?:dead|killed|victims?|wounded|injured|casualties)\b))",
                    re.IGNORECASE)
_AMONG_ROLE = {"dead": "killed", "killed": "killed", "wounded": "injured", "injured": "injured"}
_BREAKDOWN_GAP = 700  # the most characters between a total and its breakdown's first part, or one part and the next
_EACH = re.compile(r"[^.;\n\d]{0,20}\beach\b([^.;\n]*)", re.IGNORECASE)
_BULLET = re.compile(r"[ \t]*[•\-*–—·▪]\s")  # a line that is an item of a list
_BARE = re.compile(r"\s+(?:were|was|had\s+been|have\s+been)\b", re.IGNORECASE)  # a number with no noun of its own
_MORE = re.compile(r"\s+(?:more|other|others|further|additional)\b", re.IGNORECASE)


def _told_parts(read: ReadArticle, decided: list[Fact]) -> list[Fact]:
    """Each fact with no total yet that the article tells as a part of another beyond its clause (above), with that
    total: the one its partitive names, else the nearest fact before it of its category and role (a munition's total
    may be the launched), in its paragraph or the two before, that is no smaller; else, when it is one of the first
    counts after a total of its category and role that add up to that total, that total."""
    parts = {f.index: f.part_of for f in decided}
    by_start = sorted(decided, key=lambda f: f.count.mention.start)
    for k, fact in enumerate(by_start):
        if parts[fact.index] is not None:
            continue
        m = fact.count.mention
        sentence_start = read.sentence(m.start, m.end)[0]
        after = read.text[m.end:m.end + 40]
        total = None
        if k + 1 < len(by_start) and (nxt := by_start[k + 1]).decision[0] == fact.decision[0] and (
                _OF_THE_NEXT.fullmatch(read.text[m.end:nxt.count.mention.start])):
            total = nxt  # "29 of 30 missiles"
        elif (of_them := _OF_BEFORE.match(after)) or (opens := _OPENS_OF.fullmatch(read.text, sentence_start,
                                                                                 m.start)):
            partitive = after if of_them else opens.group(0)
            # "five farmers, two of whom": a relative pronoun's total is the count just named, not its whole
            total = _earlier_total(read, by_start[:k], fact, fact.decision[1], _named_total(partitive),
                                   whole=not (of_them and _OF_WHICH.match(after)))
        elif (back := _referred_back(read, by_start[:k], fact, sentence_start)) is not None:
            total = back
        elif among := _AMONG.search(read.text, sentence_start, read.sentence(m.start, m.end)[1]):
            role = _AMONG_ROLE.get(among.group(0).split()[-1].lower(), fact.decision[1])
            if not any(read.sentence(f.count.mention.start, f.count.mention.end)[0] == sentence_start
                       for f in by_start[:k] if f.decision[0] == fact.decision[0]):  # its total told before it
                total = _earlier_total(read, by_start[:k], fact, role)
        if total is not None:
            parts[fact.index] = total.index
    for k in range(len(by_start) - 1, -1, -1):  # the last total first: a breakdown's own breakdown is its parts'
        for part in _breakdown(read, by_start[k], by_start[k + 1:], parts):
            parts[part.index] = by_start[k].index
    return [dataclasses.replace(f, part_of=parts[f.index]) if parts[f.index] != f.part_of else f for f in decided]


def _referred_back(read: ReadArticle, before: list[Fact], part: Fact, sentence_start: int) -> Fact | None:
    """"Air defences intercepted 16 drones." then "Fifteen were destroyed over the Bryansk region": a bare number
    opening the next sentence, of the same role and smaller, refers back to the count just told, a part of it."""
    m = part.count.mention
    if read.text[sentence_start:m.start].strip() or not _BARE.match(read.text, m.end):
        return None  # not the sentence's opening words, or a noun of its own
    last = next((f for f in reversed(before) if f.count.mention.end <= sentence_start), None)
    # the count just told, in the sentence just before (its end is this one's start, but for the space between)
    if last is None or last.decision[:2] != part.decision[:2] or not _fits(part, last, part.decision[1]) \
            or read.sentence(last.count.mention.start, last.count.mention.end)[1] < sentence_start - 2 \
            or last.count.mention.reading.value == part.count.mention.reading.value \
            or _day_words(part) != _day_words(last):  # "Five were killed on Tuesday": another day's
        return None
    return last


def _introduced(text: str, start: int) -> bool:
    """Whether the line before the one at `start` ends with a colon: it introduces a list."""
    line = paragraph_of(text, start)[0]
    return line > 0 and text[:line].rstrip().endswith(":")


def _line_opening(text: str, start: int) -> str | None:
    """How the line of a count at `start` opens, when it opens a list's item: with a bullet, or with the count itself
    ("32 - over Tula region")."""
    line = paragraph_of(text, start)[0]
    if _BULLET.match(text, line):
        return "bullet"
    return "count" if not text[line:start].strip() else None


def _times(text: str, end: int) -> int:
    """How many times a count counts in a sum: "4 - each over Rostov and Voronezh regions" is 4 twice."""
    each = _EACH.match(text, end)
    return len(re.split(r",\s*(?:and\s+)?|\s+and\s+", each.group(1).strip(" ,-–—"))) if each else 1


def _place_words(fact: Fact) -> str | None:
    return fact.read_at.place.text if fact.read_at.place else None


def _day_words(fact: Fact) -> str | None:
    return fact.read_at.date.text.lower() if fact.read_at.date else None


def _fits(part: Fact, total: Fact, role: str) -> bool:
    """Whether `total` may hold `part`: one category, the role the part's words give it (a munition's total may be the
    launched), and no smaller."""
    if part.decision[0] != total.decision[0] or total.decision[1] not in (role, "launched" if part.decision[0] ==
                                                                         "munitions" else role):
        return False
    a, b = part.count.mention.reading, total.count.mention.reading
    return a.value is None or (b.value if b.value is not None else b.high or 0) >= a.value


def _named_total(partitive: str) -> str | None:
    """The noun a partitive names its total by ("24 of the projectiles": projectile), else None ("of them")."""
    named = re.match(r"\W*(?:out\s+)?of\s+the\s+([a-z]+)", partitive, re.IGNORECASE)
    return _noun_key(named.group(1)) if named and not named.group(1).isdigit() else None


def _earlier_total(read: ReadArticle, before: list[Fact], part: Fact, role: str, noun: str | None = None,
                   whole: bool = True) -> Fact | None:
    """The nearest fact before a part that may hold it, in the part's paragraph or the two before; with the `noun` a
    partitive names its total by, the nearest counting that noun, however far back. Two paragraphs, not one: a total
    restated just above its part is one fact, placed where it was first told, often a line or two higher ("The toll
    rose to 35." / "The governor said so." / "… took the lives of 35 residents. Among them are two children."). On
    calib, never read for errors, 3 more parts right and none lost; on dev, 1. The whole the nearest is part of, if
    it holds the part too, unless not `whole` ("one of whom" is of the count just named)."""
    earliest = paragraph_of(read.text, part.count.mention.start)[0]
    for _ in range(2):
        earliest = paragraph_of(read.text, max(earliest - 2, 0))[0] if earliest else 0
    named = [f for f in before if noun and _noun_key(f.count.head or f.count.noun) == noun]
    nearest = next((f for f in reversed(named or before) if (bool(named) or f.count.mention.start >= earliest)
                    and _fits(part, f, role)), None)
    wholes = {f.index: f for f in before}
    while whole and nearest is not None and nearest.part_of in wholes and _fits(part, wholes[nearest.part_of], role):
        nearest = wholes[nearest.part_of]  # "among those wounded": the whole, not the part of it told last
    return nearest


def _breakdown(read: ReadArticle, total: Fact, later: list[Fact], parts: dict[int, int | None]) -> list[Fact]:
    """The first two or more counts after a total, of its category and role, that add up to it ("killed 13: eight
    officers and five investigators"), none already a part of another; the parts its own clause gave it either begin
    the list ("including two soldiers, one policeman and …") or stand apart from it ("65 civilians, including 13
    children. … 24 civilians were killed …, 18 …"). Else none."""
    r = total.count.mention.reading
    low, high = (r.value, r.value) if r.value is not None else (r.low, r.high)
    if low is None or high is None:
        return []
    end = total.count.mention.end
    first_by = next_paragraph(read.text, paragraph_of(read.text, end)[1])[1]  # the parts start by the next paragraph
    # a munition's launched may break down into what became of them ("Sixteen rockets exploded …, six fell short")
    launched = total.decision[:2] == ("munitions", "launched")
    opens = _line_opening(read.text, total.count.mention.start)
    for own_parts_listed in (True, False):
        run, listed, added, last = [], 0, 0.0, end
        counted: set[int] = set()  # the counts added so far, the total's own parts among them
        for f in later:
            m = f.count.mention
            if m.start - last > _BREAKDOWN_GAP or not listed and m.start > first_by and not _introduced(read.text,
                                                                                                     m.start):
                break  # (or under a line that introduces them: "According to the ministry:")
            if f.decision[:2] != total.decision[:2] and not (launched and f.decision[0] == "munitions"
                                                              and _place_words(f) == _place_words(total)):
                continue  # what became of launched munitions is told where they were launched at
            if parts[f.index] in counted or parts[f.index] == total.index and not own_parts_listed:
                continue  # a part of a part listed ("24 civilians, including a woman …, were killed"; "seven
                # soldiers, including two officers …. A colonel and a captain were killed along with five soldiers")
            value = m.reading.value
            sibling = opens is not None and _line_opening(read.text, m.start) == opens
            # "two more" adds to the total, unless it completes the breakdown, more of what a part listed went through
            # ("Sixteen rockets exploded in open areas, six fell short, and four more exploded in built-up areas")
            more = value is not None and _MORE.match(read.text, m.end) and not (
                low <= added + value * _times(read.text, m.end) <= high and _more_of(read, m.end, run))
            if parts[f.index] not in (None, total.index) or value is None or more \
                    or _day_words(f) not in (None, _day_words(total)) or sibling:
                break  # "two more", another day, or the next item of the list the total is an item of
            if parts[f.index] is None:
                run.append(f)
            counted.add(f.index)
            listed, last = listed + 1, m.end
            added += value * _times(read.text, m.end)
            if listed >= 2 and run and low <= added <= high:
                return run
            if added > high:
                break
    return []


_MORE_OF = re.compile(r"\s+\w+\s+(?:(?:were|was|have|has|had|are|is|been)\s+)*(\w+)", re.IGNORECASE)


def _more_of(read: ReadArticle, end: int, listed: list[Fact]) -> bool:
    """Whether "N more" (its number ending at `end`) went through what a count listed before it did: the verb after it
    stands in that count's clause ("Sixteen rockets exploded …, and four more exploded …")."""
    verb = _MORE_OF.match(read.text, end)
    return verb is not None and any(re.search(rf"\b{re.escape(verb.group(1))}\b",
                                              read.text[slice(*read.clause(f.count.mention.start, f.count.mention.end))],
                                              re.IGNORECASE) for f in listed)


def _bracketed(between: str) -> bool:
    """Whether a bracket closes between a count and a later one that it did not open: the earlier count is a part
    listed inside it."""
    return ")" in between and "(" not in between


def _bracketed_next(text: str, between: str, start: int) -> bool:
    """Whether the words between two counts go on one list in brackets ("3 Thais, 1 Lao"): a comma or "and", no
    bracket and no full stop, inside a bracket still open."""
    return text.rfind("(", 0, start) > text.rfind(")", 0, start) and bool(
        re.fullmatch(r"[^.;:()\d\n]{0,30}(?:,|\band)\s*", between))


_ANEW = re.compile(r"\b(?:also|too|as\s+well|others?|another|more|further|additional)\b", re.IGNORECASE)  # told anew
_ANY_NOUN = ("other", "them", "those", "these")  # "six others", "one of them": the noun of whom the words tell


def _placed_apart(read: ReadArticle, fact: Fact, lead_place: str | None) -> bool:
    """Whether the count's own sentence names a place other than the lead's ("In Kherson, two soldiers were
    killed")."""
    start, end = read.sentence(fact.count.mention.start, fact.count.mention.end)
    place = fact.read_at.place
    return place is not None and start <= place.start < end and place.text != lead_place \
        and not isinstance(place, OfficeWords)  # "the governor of X said …" tells of X, maybe the lead's event


def _restated(read: ReadArticle, decided: list[Fact]) -> list[Fact]:
    """Drop a count that repeats an earlier one with the same label and numbers: the same count stated twice is one
    fact, at its first occurrence. Small numbers recur for different things ("one civilian … one soldier"): they
    repeat only with the same noun in the same place, or with the noun of a count of the lead (the first sentence),
    which the article goes on to tell again ("One ranger died", "six others were injured", "one of them was dead")
    in a sentence that names no other place; never a count of one with "a"/"an", someone brought in anew."""
    seen: dict[tuple, dict[tuple, tuple[int, int]]] = {}  # each key: its hedges, with the sentence first stating it
    lead: dict[tuple, tuple] = {}  # the lead's small counts, each with its place and hedge
    said_in: dict[tuple, set[tuple[int, int]]] = {}  # the sentences where each label and numbers were kept
    by_source: dict[tuple, list] = {}  # each label and numbers with a source: their hedge, place and sentence
    previous = None  # the count just dropped as told before: the sentence first telling it, and where it ends
    dropped: dict[int, tuple[int, int]] = {}  # each count dropped as told before: the sentence first telling it
    nouns_in: dict[tuple, set[str]] = {}  # the nouns of the counts kept, by label and numbers and sentence
    kept = []
    lead_end = read.sentence(0, 1)[1]
    for fact in decided:
        r = fact.count.mention.reading
        small = (r.value or r.high or 0) < 10
        noun = _noun_key(fact.count.head or fact.count.noun)
        # the lead's munitions are told again by their class ("one that struck" … "one of the drones")
        named = fact.decision[2] if fact.decision[0] == "munitions" else noun
        placed = fact.read_at.place.text if fact.read_at.place else None
        key = (*fact.decision, r.value, r.low, r.high, (noun, placed) if small else None)
        hedge = (r.approximate, r.lower_bound, r.upper_bound)
        sentence = read.sentence(fact.count.mention.start, fact.count.mention.end)
        # (a casualty count a source states, no part of another, with the lead's hedge: the lead's toll as someone
        # claims it, whatever they call the people: "Two fighters … have been killed", then "ISIS … saying two
        # Hashed members had been killed")
        claimed = fact.decision[0] == "casualties" and fact.read_at.source is not None and fact.part_of is None \
            and not _ANEW.search(read.text, *read.clause(fact.count.mention.start, fact.count.mention.end))
        told_in_lead = [place for t, (place, h) in lead.items() if t == (*fact.decision, r.value, r.low, r.high, named)
                        or (noun in _ANY_NOUN or claimed and h == hedge)
                        and t[:-1] == (*fact.decision, r.value, r.low, r.high)]
        told = small and any(not _placed_apart(read, fact, place) for place in told_in_lead) \
            and fact.count.mention.start >= lead_end  # the lead's own list is not the lead told again
        # "a man" is someone brought in anew, unless the lead named the same and the body tells it again
        anew = fact.count.mention.text.split()[0].lower() in ("a", "an")
        earlier = seen.get(key, {})
        if anew:
            earlier = {h: said for h, said in earlier.items() if said[0] < lead_end}
        numbers = (*fact.decision, r.value, r.low, r.high)
        # the next part of a list told again with it: "a toll of 31 soldiers and three auxiliaries", told before
        again = previous is not None and previous[0] in said_in.get(numbers, ()) and _AND_NEXT.search(
            read.text[previous[1]:fact.count.mention.start])
        previous = None
        # a small count its own source's quoted words tell again, whatever they call the people ("at least two
        # soldiers were killed, the colonel said" … "two gendarmes were killed," he said), in no other place
        source = _source_key(fact)
        retold = small and not anew and source is not None and quoted(read.text, fact.count.mention.start) and any(
            _told_before({h: said}, hedge, sentence) and not _placed_apart(read, fact, place)
            for h, place, said in by_source.get((numbers, source), ()))
        if _told_before(earlier, hedge, sentence) or told and not anew or again or retold:
            previous = (next((said for h, said in earlier.items() if said != sentence), sentence),
                        fact.count.mention.end)
            dropped[id(fact)] = previous[0]
            continue
        said_in.setdefault(numbers, set()).add(sentence)
        nouns_in.setdefault((numbers, sentence), set()).add(noun)
        seen.setdefault(key, {}).setdefault(hedge, sentence)
        if source is not None:
            by_source.setdefault((numbers, source), []).append((hedge, placed, sentence))
        if small and fact.count.mention.start < lead_end:
            lead.setdefault((*fact.decision, r.value, r.low, r.high, named), (placed, hedge))
        kept.append(fact)
    return _told_with_the_next(read, decided, kept, dropped, nouns_in)


def _told_with_the_next(read: ReadArticle, decided: list[Fact], kept: list[Fact], dropped: dict[int, tuple[int, int]],
                        nouns_in: dict[tuple, set[str]]) -> list[Fact]:
    """Drop a small count told again, of the same people, as the first of a pair whose next count repeats an earlier
    statement that held them both ("killing at least three people and wounding 15", then "the missiles killed at
    least three people and wounded 15"): the pair is told twice, not the small count anew."""
    if not dropped:
        return kept
    after = {id(fact): following for fact, following in zip(decided, decided[1:])}
    again = set()
    for fact in kept:
        following = after.get(id(fact))
        r = fact.count.mention.reading
        if following is None or id(following) not in dropped or (r.value or r.high or 0) >= 10:
            continue
        first = dropped[id(following)]
        if _AND_THEN.match(read.text[fact.count.mention.end:following.count.mention.start]) and _noun_key(
                fact.count.head or fact.count.noun) in nouns_in.get(((*fact.decision, r.value, r.low, r.high), first),
                                                                    ()) \
                and first != read.sentence(fact.count.mention.start, fact.count.mention.end):
            again.add(id(fact))
    return [fact for fact in kept if id(fact) not in again]


def _source_key(fact: Fact) -> str | None:
    """Who states a count, as one word to compare ("Colonel Didier Badjeck" ~ "colonel Badjeck", "the Lebanese health
    ministry" ~ "The ministry"): the last word of the source, or None when no one is named."""
    source = fact.read_at.source
    words = re.findall(r"[a-z]+", source.text.lower()) if source is not None else []
    return words[-1] if words else None


def _told_before(hedges: dict[tuple, tuple[int, int]], hedge: tuple, sentence: tuple[int, int]) -> bool:
    """Whether a count with these numbers was stated before: not in the same sentence (two counts of one sentence are
    parts of a list: "two attack drones and two reconnaissance drones"), and with the same hedge or none on either
    ("more than 4,000" … "the 4,000"); two hedged figures that differ are two statements ("about 20", "as many as
    20")."""
    unhedged = (False, False, False)
    return any(said != sentence and (h == hedge or unhedged in (h, hedge)) for h, said in hedges.items())


def _noun_key(noun: str) -> str:
    words = re.findall(r"[a-z]+", noun.lower())
    return words[-1].rstrip("s") if words else ""
