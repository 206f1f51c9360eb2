"""When, where and on whose word each count is stated: the words of its date, place and source, with their spans,
read from the parse (labelling conventions, "Which statements count"; eval/GUIDE.md, "Places and sources").

- source: the speaker of the reporting verb that governs the count's sentence ("…, the air force said"), or the
  "according to" phrase; a pronoun stands for the speaker the article last named; a claim attributed earlier in
  the paragraph carries over to the sentences that continue it, and an attribution that closes the paragraph's run
  ("…, he said.") or refers back to it from the next line ("This was announced by…") names its source.
- place: the place entity or "X region" phrase the count's predicate is tied to (in, near, over, at), else the
  nearest in the sentence, then in the paragraph, then in the article's first paragraph, then the dateline; never
  where weapons were launched from.
- date: the date words of the sentence nearest the number ("on Thursday", "overnight", "on 25 December"); never a
  number to count."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from ..budget import check as check_budget
from ..schemas.vocab import MONTHS, PLACE_NOUNS, REPORTING_WORDS, WEEKDAYS, words

_REPORTING = words(REPORTING_WORDS + r"|documented|recorded|counted|tallied")
# What a speaker may be written as that says nothing of who speaks: a document ("the statement said") — whose
# author is its "by" or possessive — or a relative pronoun.
_DOCUMENTS = words(r"statements?|reports?|study|studies|data|figures|update|updates|post|posts|channel|account|"
                   r"page|website|footage|video|release|bulletin|survey|count|tally|estimates?|conflict|war|attack|"
                   r"strike|that|which|who")
_PLACE_NOUN = words(PLACE_NOUNS)
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "his", "her", "its", "their", "him", "them"}
_MONTH = "(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"
_WEEKDAY = "(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + ")"
_DATE_WORDS = re.compile(
    rf"\b(?:(?:[Oo]n|[Ll]ate\s+on|[Ee]arly\s+on)\s+)?{_WEEKDAY}\b|\b(?:overnight|last\s+night|yesterday|this\s+morning)\b|"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\b|"
    rf"\bin\s+{_MONTH}(?:\s+\d{{4}})?\b|\bChristmas(?:\s+(?:Day|morning|Eve))?\b")
_DATELINE = re.compile(r"\A\s*([A-Z][A-Z'’. -]{1,40}?(?:,\s*[A-Z][A-Za-z'’. -]{1,30}?)?|[A-Z][A-Za-z'’. -]{1,40}?)\s*"
                       r"(?:\([^)]{1,40}\)\s*)?"
                       r"(?:[:—–]\s*|-\s*(?=[A-Z])|\n)")
_BACK_REFERENCE = re.compile(r"^\s*(?:This|That|It|The\s+\w+(?:\s+\w+)?)\s+(?:was|were|has\s+been|had\s+been)\s+"
                             r"(?:announced|reported|stated|said|confirmed|published)\s+by\s+(?:the\s+)?(.+?)[.,;]"
                             r"|^\s*(?:The\s+)?(.+?)\s+made\s+the\s+announcement"
                             r"|^\s*(?:That's|That\s+is|This\s+is)\s+according\s+to\s+(?:the\s+)?(.+?)[.,;]",
                             re.IGNORECASE)
_LAUNCH_ORIGIN = ("from",)
# Verbs whose object is where the event happened: "Russia attacked the Odesa region", "shelled Kherson".
_STRUCK = words(r"attack\w*|struck|strikes?|hit|hits|shell\w*|bomb\w*|target\w*|raid\w*|storm\w*|ambush\w*|"
                r"pounded|pound|besieged|invaded|captured|seized")
_BULLET = re.compile(r"[ \t]*(?:[•·*▪◦-]|\d+[.)])\s")
_TIED = ("in", "near", "over", "at", "on", "across", "outside", "around", "inside", "within", "into", "to",
         "toward", "towards", "against")


@dataclass(frozen=True)
class Words:
    """Words of the article at their span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Context:
    """Code's pick of a count's date, place and source, and the places and sources it could have picked (the
    options a model chooses from)."""

    date: Words | None = None
    place: Words | None = None
    source: Words | None = None
    places: tuple[Words, ...] = ()
    sources: tuple[Words, ...] = ()


def _options(pick: Words | None, others: list[Words], most: int = 4) -> tuple[Words, ...]:
    """Code's pick and the other candidates, each text once, in article order, at most `most`."""
    chosen: dict[str, Words] = {}
    for words_ in itertools.chain([pick] if pick else [], others):
        if len(chosen) == most:
            break  # a sentence may hold thousands of candidates: stop at the bound, not after them all
        key = " ".join(words_.text.lower().split())
        chosen.setdefault(key, words_)
    return tuple(sorted(chosen.values(), key=lambda w: w.start))


def _distinct(candidates: list[Words]) -> list[Words]:
    """Each text once, the first kept: what _options would keep of them, so it need not walk thousands."""
    chosen: dict[str, Words] = {}
    for words_ in candidates:
        chosen.setdefault(" ".join(words_.text.lower().split()), words_)
    return list(chosen.values())


def _words(text: str, start: int, end: int) -> Words:
    return Words(text[start:end], start, end)


def _up(token, most: int = 24):
    """A token and its heads, nearest first, to a bound: a parse of text without full stops can chain thousands."""
    return itertools.islice(itertools.chain([token], token.ancestors), most)


def _paragraph_of(text: str, char: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, char) + 1
    end = text.find("\n", char)
    return start, len(text) if end < 0 else end


# ---- sources -------------------------------------------------------------------------------------------------------

def _speaker(verb) -> object | None:
    """The subject of a reporting verb, or the agent of a passive one ("was reported by the ministry"); when the
    parse gave it none, the noun right before it (", Ukraine's air force said")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.dep_ == "nsubjpass":
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        subject = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if subject is None and verb.i > 0:
        before = verb.doc[verb.i - 1]
        if before.pos_ in ("NOUN", "PROPN") and not before.like_num:
            subject = before
    return subject


def _phrase_of(head) -> tuple[int, int]:
    """The noun phrase of a head, without what follows it to the right beyond a comma, a preposition or a relative
    clause ("Khalid Safi, a spokesman for the provincial governor" → "Khalid Safi"), and without a leading "the"."""
    cut = {t.i for child in head.rights if child.dep_ in ("appos", "relcl", "acl", "prep", "punct")
           for t in child.subtree}
    tokens = [t for t in head.subtree if t.i not in cut]
    doc = head.doc
    start, end = min(t.i for t in tokens), max(t.i for t in tokens)
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and doc[end].is_punct:
        end -= 1
    return doc[start].idx, doc[end].idx + len(doc[end])


def _according_to(sentence) -> list[tuple[int, object]]:
    found = []
    for token in sentence:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                found.append((token.i, pobj))
    return found


def _author(head):
    """The one who speaks through a document: "a study by US-based universities", "the channel of Zelenskyy",
    "the ministry's statement"; None when the words name no one."""
    if not _DOCUMENTS.fullmatch(head.text):
        return head
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "of", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "NOUN") and not _DOCUMENTS.fullmatch(pobj.text):
                return pobj
    return None


def _sources_in(sentence) -> list[tuple[int, object, tuple[int, int]]]:
    """(token index, speaker head, span) of each attribution in a sentence: the reporting verb (or "according"),
    the speaker, and the speaker's words."""
    found = []
    for token in sentence:
        if token.pos_ in ("VERB", "AUX") and _REPORTING.fullmatch(token.text) and token.lower_ != "according":
            speaker = _speaker(token)
            if speaker is not None and speaker.pos_ in ("PROPN", "NOUN", "PRON"):
                speaker = _author(speaker)
                if speaker is not None:
                    found.append((token.i, speaker, _phrase_of(speaker)))
    for i, head in _according_to(sentence):
        author = _author(head)
        if author is not None:
            found.append((i, author, _phrase_of(author)))
    return found


class _Sources:
    """The attributions of an article, read once; the named speaker a pronoun stands for. Everything a count asks
    is looked up, not scanned: a sentence or a paragraph can hold thousands of counts."""

    def __init__(self, doc):
        self.doc = doc
        self.text = doc.text  # joined afresh at every reading of doc.text
        self.sentences = list(doc.sents)
        self.by_sentence = [_sources_in(s) for s in self.sentences]
        self.sentence_chars = [s.start_char for s in self.sentences]
        # per sentence: its attributions by token (the first for a token), and by position for the nearest
        self.by_token = [{} for _ in self.sentences]
        self.by_position = []
        for k, found in enumerate(self.by_sentence):
            for f in found:
                self.by_token[k].setdefault(f[0], f)
            self.by_position.append(sorted((f[0], n) for n, f in enumerate(found)))
        self._speakers_before = self._named_speakers()
        self._candidates: dict[int, list[Words]] = {}
        self._with_attribution = list(itertools.accumulate(
            (k if found else -1 for k, found in enumerate(self.by_sentence)), max))

    def _named_speakers(self) -> list[dict[str, Words | None]]:
        """For each sentence (and past the last), the last named speaker before it: a person, another kind, and
        any."""
        last: dict[str, Words | None] = {"person": None, "other": None, "any": None}
        before = []
        for sources in self.by_sentence:
            before.append(dict(last))
            for _, speaker, span in sources:
                if speaker is None or speaker.lower_ not in _PRONOUNS:
                    kind = "person" if speaker is not None and speaker.ent_type_ == "PERSON" else "other"
                    last[kind] = last["any"] = _words(self.text, *span)
        return before + [last]

    def resolve(self, speaker, span: tuple[int, int], before: int) -> Words | None:
        """A named speaker as written; a pronoun as the speaker last named before it."""
        if speaker is not None and speaker.lower_ in _PRONOUNS:
            person = speaker.lower_ in ("he", "she", "his", "her", "him")
            named = self._speakers_before[bisect.bisect_left(self.sentence_chars, before)]
            return named["person" if person else "other"] or named["any"]
        return _words(self.text, *span)

    def of_sentence(self, k: int, near: int) -> Words | None:
        """The attribution of sentence k nearest token `near`: the innermost reporting verb above it, else the
        nearest in the sentence ("X said, adding that Y; the AP reported": X's)."""
        if not self.by_sentence[k]:
            return None
        above = _up(self.doc[near]) if near < len(self.doc) else ()
        governing = next((self.by_token[k][t.i] for t in above if t.i in self.by_token[k]), None)
        if governing:
            i, speaker, span = governing
        else:
            positions = self.by_position[k]
            right = bisect.bisect_left(positions, (near, -1))
            nearby = positions[max(right - 1, 0):right + 1]
            # the nearest; on a tie the one read first, as min() over the list picks it
            _, n = min(nearby, key=lambda p: (abs(p[0] - near), p[1]))
            i, speaker, span = self.by_sentence[k][n]
        return self.resolve(speaker, span, self.sentences[k].start_char)

    def candidates(self, k: int) -> list[Words]:
        """Every speaker the sentence names, and the one the paragraph carries into it."""
        if k not in self._candidates:
            found = [w for _, speaker, span in self.by_sentence[k]
                     if (w := self.resolve(speaker, span, self.sentences[k].start_char)) is not None]
            carried = self.for_count(k, self.sentences[k].start) if not found else None
            self._candidates[k] = _distinct(found + ([carried] if carried else []))
        return self._candidates[k]

    def for_count(self, k: int, near: int) -> Words | None:
        """The source of a count in sentence k, at token `near`."""
        found = self.of_sentence(k, near)
        if found:
            return found
        paragraph = _paragraph_of(self.text, self.sentences[k].start_char)
        # a bulleted line continues the paragraph that introduced the list ("the deaths are as follows:")
        while _BULLET.match(self.text, paragraph[0]) and paragraph[0] > 0:
            paragraph = (_paragraph_of(self.text, paragraph[0] - 1)[0], paragraph[1])
        # a claim attributed earlier in the paragraph carries over
        j = self._with_attribution[k - 1] if k else -1
        if j >= 0 and self.sentences[j].start_char >= paragraph[0]:
            if (found := self.of_sentence(j, self.sentences[j].end)) is not None:
                return found
        # an attribution that closes the paragraph's run ("…, he said.")
        for j in range(k + 1, len(self.sentences)):
            if self.sentences[j].start_char >= paragraph[1]:
                break
            if self.by_sentence[j]:
                return self.of_sentence(j, self.sentences[j].end)
        # a sentence that refers back to it from the next paragraph ("This was announced by…")
        following = self.sentences[k + 1] if k + 1 < len(self.sentences) else None
        if following is not None and following.start_char >= paragraph[1]:
            back = _BACK_REFERENCE.match(following.text)
            if back:
                group = next(g for g in back.groups() if g)
                start = following.start_char + following.text.index(group)
                return Words(group, start, start + len(group))
        return None


# ---- places --------------------------------------------------------------------------------------------------------

_LOCATIVE = ("in", "near", "over", "at", "across", "outside", "around", "inside", "within", "into", "to", "toward",
             "towards", "against", "on", "off", "from", "along", "throughout", "through", "of")


def _name_span(head) -> tuple[int, int] | None:
    """The words of a place headed by a token: "Kharkiv", "the Odesa region" → "Odesa region", "Gaza Strip",
    "the region of Kharkiv" → "region of Kharkiv"."""
    doc = head.doc
    tokens = [t for t in head.subtree if t.dep_ in ("compound", "amod", "nmod", "det", "poss", "case") or t.i == head.i
              or (t.head.i == head.i and t.dep_ == "prep" and t.lower_ == "of")
              or (t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.i == head.i)
              or (t.dep_ == "compound" and t.head.dep_ == "pobj")]
    tokens = [t for t in tokens if not t.is_punct]
    start, end = min(t.i for t in tokens), max(t.i for t in tokens)
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].pos_ == "ADJ"
                           and not doc[start].text[:1].isupper()):
        start += 1
    return doc[start].idx, doc[end].idx + len(doc[end])


_NOT_PLACES = ("PERSON", "ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT",
               "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT")
_CALENDAR = words("|".join(name.capitalize() for name in MONTHS + WEEKDAYS) + "|Christmas|Easter|Ramadan")


_STRONGLY_LOCATIVE = ("in", "near", "at", "outside", "inside", "across", "around", "over", "within")
_NOT_NAMES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")


def _is_place(token) -> bool:
    """A place name after a locative preposition: a place entity, a capitalised name the recogniser missed (a
    village), or a place noun that a name or an adjective makes one ("the Kharkiv region", "Pakistani territory",
    "regime-controlled areas")."""
    if token.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    if _PLACE_NOUN.fullmatch(token.text):
        return any(t.dep_ in ("compound", "amod", "nmod") for t in token.children)
    # the recogniser takes many a town for a person or a people ("in Kherson", "in Beryslav"): after "in" or
    # "near", a capitalised name is a place
    refused = _NOT_NAMES if token.head.lower_ in _STRONGLY_LOCATIVE else _NOT_PLACES
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN") and token.ent_type_ not in refused \
        and not _CALENDAR.fullmatch(token.text)


def _places_in(sentence) -> list[tuple[object, tuple[int, int]]]:
    """(head token, span) of each place a locative preposition ties to something in a sentence: "in Kharkiv", "over
    the Volgograd region", "near the town of Chuguiv". A country that acts ("Russia launched"), owns ("Russia's
    rocket") or describes ("US forces") is not a place anything happened in."""
    found = []
    for token in sentence:  # its own tokens only: a scan of the whole doc per sentence grows with the square
        attacked = token.dep_ == "dobj" and _STRUCK.fullmatch(token.head.text) and (
            token.ent_type_ in ("GPE", "LOC", "FAC") or _PLACE_NOUN.fullmatch(token.text))
        if not attacked and (token.dep_ != "pobj" or token.head.lower_ not in _LOCATIVE):
            continue
        head = token
        # "the town of Chuguiv": the name is the place
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        named = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if _PLACE_NOUN.fullmatch(head.text) and named is not None and _is_place(named):
            head = named
        if not _is_place(head):
            continue
        if head.head.lower_ == "of" and not _PLACE_NOUN.fullmatch(head.head.head.text):
            continue  # "the bodies of Ukrainians"
        found.append((head, _name_span(head)))
    return sorted(found, key=lambda f: f[1][0])


def _tied(head) -> str | None:
    """The preposition a place hangs from ("in" of "in Kharkiv"), if any."""
    token = head
    for _ in range(3):
        if token.dep_ == "pobj":
            return token.head.lower_
        if token.dep_ not in ("compound", "conj", "appos", "amod", "nmod", "poss"):
            return None
        token = token.head
    return None


class _Places:
    """The places of an article, read once per sentence; each count's place found in time linear in the sentence
    (a sentence of thousands of clauses joined by commas must not cost counts × places)."""

    def __init__(self, doc, sources: _Sources):
        self.doc, self.text = doc, sources.text
        self.sentences = sources.sentences
        self.by_sentence = [_places_in(s) for s in self.sentences]
        spans = sorted(span for sentence in sources.by_sentence for _, _, span in sentence)
        # whether a source's words hold a place, by binary search: the furthest end among the spans starting before it
        self.source_starts = [a for a, _ in spans]
        self.source_reach = list(itertools.accumulate((b for _, b in spans), max))
        self.dateline = self._dateline()
        self._usable_cache: dict[tuple[int, bool], list[tuple[object, tuple[int, int]]]] = {}
        self._candidates_cache: dict[tuple[int, bool], list[Words]] = {}
        self._last_usable: dict[bool, list[int]] = {}  # per sentence, the last sentence up to it with a place
        self._tree: dict[int, tuple[dict[int, int], dict[int, int]]] = {}  # per sentence, entry and exit times
        self._positions_cache: dict[int, list[int] | None] = {}  # by id of a cached list of usable places

    def _dateline(self) -> Words | None:
        match = _DATELINE.match(self.text)
        if match and match.group(1).strip():
            return Words(match.group(1).strip(), match.start(1), match.start(1) + len(match.group(1).strip()))
        return None

    def _usable(self, k: int, munitions: bool) -> list[tuple[object, tuple[int, int]]]:
        if (k, munitions) in self._usable_cache:
            return self._usable_cache[k, munitions]
        found = []
        for head, span in self.by_sentence[k]:
            before = bisect.bisect_right(self.source_starts, span[0])
            if before and self.source_reach[before - 1] >= span[1]:
                continue  # "Ukraine's Air Force said": where the speaker is, not where it happened
            if munitions and _tied(head) in _LAUNCH_ORIGIN:
                continue  # "launched from Yemen": where the weapons came from
            found.append((head, span))
        self._usable_cache[k, munitions] = found
        return found

    def candidates(self, k: int, munitions: bool) -> list[Words]:
        """The places of the sentence, and of the paragraph and the lead when it names none, and the dateline."""
        if (k, munitions) not in self._candidates_cache:
            here = [_words(self.text, *span) for _, span in self._usable(k, munitions)]
            lead = next(([_words(self.text, *span) for _, span in found] for j in range(min(3, len(self.sentences)))
                         if (found := self._usable(j, munitions))), [])
            self._candidates_cache[k, munitions] = _distinct(
                here + lead[:2] + ([self.dateline] if self.dateline else []))
        return self._candidates_cache[k, munitions]

    def _times(self, k: int) -> tuple[dict[int, int], dict[int, int]]:
        """Entry and exit times of a depth-first walk of sentence k's tree: a is an ancestor of b when a's interval
        holds b's, asked in constant time instead of climbing b's heads (a comma-joined sentence can be thousands
        deep)."""
        if k not in self._tree:
            enter, leave, clock = {}, {}, 0
            stack = [(self.sentences[k].root, False)]
            while stack:
                token, done = stack.pop()
                if done:
                    leave[token.i] = clock
                    continue
                enter[token.i] = clock
                clock += 1
                stack.append((token, True))
                stack.extend((child, False) for child in reversed(list(token.children)))
            self._tree[k] = enter, leave
        return self._tree[k]

    def _nearest_tied(self, k: int, here, number, predicate):
        """The usable place of sentence k nearest the number among those the predicate governs through a tying
        preposition ("killed ... in Kharkiv"), looking outward from the number; None when there is none."""
        if predicate is None:
            return None
        enter, leave = self._times(k)
        if predicate.i not in enter:
            return None
        low, high = enter[predicate.i], leave[predicate.i]

        def tied(place) -> bool:
            head = place[0]
            return (head == predicate or low < enter.get(head.i, -1) < high) and (_tied(head) or "in") in _TIED

        positions = self._positions(k, here)
        right = bisect.bisect_left(positions, number.i)
        left = right - 1
        while left >= 0 or right < len(here):
            # the nearer side first; on a tie the earlier place, as min() over article order picks it
            if right >= len(here) or (left >= 0 and number.i - positions[left] <= positions[right] - number.i):
                if tied(here[left]):
                    return here[left]
                left -= 1
            else:
                if tied(here[right]):
                    return here[right]
                right += 1
        return None

    def _before_in_paragraph(self, k: int, munitions: bool) -> Words | None:
        """The last place named earlier in sentence k's paragraph."""
        if munitions not in self._last_usable:
            last, found = [], -1
            for j in range(len(self.sentences)):
                found = j if self._usable(j, munitions) else found
                last.append(found)
            self._last_usable[munitions] = last
        j = self._last_usable[munitions][k - 1] if k else -1
        paragraph = _paragraph_of(self.text, self.sentences[k].start_char)
        if j < 0 or self.sentences[j].start_char < paragraph[0]:
            return None
        return _words(self.text, *self._usable(j, munitions)[-1][1])

    def for_count(self, k: int, number, predicate, munitions: bool) -> Words | None:
        here = self._usable(k, munitions)
        if here:
            positions = self._positions(k, here)
            if positions is not None:
                tied = self._nearest_tied(k, here, number, predicate)
                head, span = tied or _nearest(here, positions, number)
            else:  # heads out of article order (a name that spans words): the plain way, rare and small
                enter, leave = self._times(k)
                tied = [p for p in here if predicate is not None and (p[0] == predicate or (
                    predicate.i in enter and enter[predicate.i] < enter.get(p[0].i, -1) < leave[predicate.i]))
                        and (_tied(p[0]) or "in") in _TIED]
                head, span = min(tied or here, key=lambda p: abs(p[0].i - number.i))
            return _words(self.text, *span)
        if (before := self._before_in_paragraph(k, munitions)) is not None:
            return before
        lead_end = _paragraph_of(self.text, 0)[1]
        for j, sentence in enumerate(self.sentences):
            if sentence.start_char >= lead_end:
                break
            if (found := self._usable(j, munitions)):
                return _words(self.text, *found[0][1])
        return self.dateline

    def _positions(self, k: int, here) -> list[int] | None:
        """The token positions of the usable places' heads, when they stand in article order (else None)."""
        key = id(here)
        if key not in self._positions_cache:
            positions = [p[0].i for p in here]
            ordered = all(a <= b for a, b in zip(positions, positions[1:]))
            self._positions_cache[key] = positions if ordered else None
        return self._positions_cache[key]


def _nearest(here, positions: list[int], number):
    """The place nearest the number (heads in article order); on a tie the earlier one."""
    right = bisect.bisect_left(positions, number.i)
    if right == 0:
        return here[0]
    if right == len(here) or number.i - positions[right - 1] <= positions[right] - number.i:
        return here[right - 1]
    return here[right]


# ---- dates ---------------------------------------------------------------------------------------------------------

def _dates_in(text: str, sentence) -> list[Words]:
    found = _DATE_WORDS.finditer(text, sentence.start_char, sentence.end_char)
    return [_words(text, d.start(), d.end()) for d in found]


def _date_for(dates: list[Words], starts: list[int], number) -> Words | None:
    """The date words nearest the number (`starts` their starts, in article order; on a tie the earlier)."""
    right = bisect.bisect_left(starts, number.idx)
    nearby = dates[max(right - 1, 0):right + 1]
    return min(nearby, key=lambda d: abs(d.start - number.idx)) if nearby else None


# ---- every count ---------------------------------------------------------------------------------------------------

def contexts(doc, counts) -> list[Context]:
    """The context of each count (extractor.reading.reading.Count), in order."""
    sources = _Sources(doc)
    places = _Places(doc, sources)
    starts = [s.start for s in sources.sentences]
    dates: dict[int, tuple[list[Words], list[int]]] = {}  # by sentence, read once, with their starts
    found = []
    for count in counts:
        check_budget()
        start, end = count.tokens
        number = doc[start:end].root
        k = max(bisect.bisect_right(starts, start) - 1, 0)
        if k not in dates:
            found_dates = _dates_in(sources.text, sources.sentences[k])
            dates[k] = found_dates, [d.start for d in found_dates]
        predicate = next((t for t in _up(number) if t.pos_ in ("VERB", "AUX")), None)
        munitions = bool(count.cue and count.cue[0] == "munitions")
        place, source = places.for_count(k, number, predicate, munitions), sources.for_count(k, number.i)
        found.append(Context(date=_date_for(*dates[k], number), place=place, source=source,
                             places=_options(place, places.candidates(k, munitions)),
                             sources=_options(source, sources.candidates(k))))
    return found
