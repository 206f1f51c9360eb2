"""Where a count happened: the one village (town, camp) the article names, where the count's sentence mentions one bare
("a village in Sagaing Region"); else the place hanging from the number ("12 in the port city of Callao"), else the
place its predicate is tied to (in, near, over, at), else the nearest in the sentence, and for a casualty the one
more specific place its sentence names beside that one ("in the Mopti region … on the village of Brisk"); else the
territory a speaker of the sentence holds office in ("the governor of the X region said four were shot down there"),
then the last place of the paragraph, then the last place told of when the count is tied to an event told before
("killed in the attack"), then the first the article names (its lead's), then the dateline; never where weapons were
launched from, never where a speaker is; none for a total whose parts each have their place. A country or region so
found gives way to the one more specific place the article names for the event just after it ("northern Burkina
Faso", then "the convoy was ambushed near Namsiguia"), except for munitions and totals over time; a count that borrows
the lead's place keeps it broad once the article has named other places since, and one that nothing finer follows
gives way to the one finer place a later paragraph names where it tells of the event ("…, where the attack occurred").
Which words are places: reading/place_words.py; how specific they are: reading/scale.py. On dev, place right on 0.835 of
matched facts (0.610 before the finer place, a number's own place and the spans that stop at a clause; 0.822 before the
event told later, relative places and ships); on the fresh set's dev split 0.757 (0.617 before the next paragraph was
read past a blank line, a district before its town and the attack on a place named later; 0.612 on 51 articles before
counted places, hospitals and localities; 0.652 on them before an official's territory, a speaker's whereabouts, line
labels and the shelling of a named town; 0.723 after). On calib, never read for errors, 0.580 (0.566 before a casualty's
sentence gave its finest place)."""

from __future__ import annotations

import bisect
import itertools
import re

from ..schemas.label import OPTION_LETTERS
from ..schemas.vocab import (EVENT_NOUNS, ORIGIN_PREPOSITIONS, SITE_NOUNS, STRONG_PREPOSITIONS, STRUCK_VERBS,
                             SUBCOUNT_WORDS, TIED_PREPOSITIONS, TOWN_NOUNS, WEEKDAYS)
from .place_words import (
    BARE_SETTLEMENT,
    cared_at,
    dateline,
    described_only,
    from_someone,
    WHERE,
    line_of,
    noun_of,
    of_someone,
    known_places,
    launched_in,
    places_in,
    places_mentioned,
    named_settlements,
    office_places,
    speaker_in,
    preposition_of,
    spread_over_places,
    taken_to,
    travelled_to,
)
from .scale import COUNTRY, DISTRICT, NAMED, REGION, TOWN, scale
from .sources import Sources
from .spans import (OfficeWords, Words, beyond, distinct, filled, nearest_first, next_paragraph, paragraph_of,
                    words_at)


# The words between a place and the region it lies in: ", also in the", " located in the", ", in the eastern", ", a
# town in the northern province of", ", in the north of"; or the river or the bank it lies on (", a city on the")
_CONTAINER = re.compile(rf"\s*[\"”]?\s*,?\s*[\"”]?\s*(?:(?:a|an)\s+(?:[a-z-]+\s+)?(?:{TOWN_NOUNS}|district)\s+)?"
                        r"(?:also\s+|located\s+|which\s+is\s+)?(?:in|of|on)\s+(?:the\s+)?(?:[a-z-]+\s+)?"
                        r"(?:(?:[a-z-]+\s+)?of\s+(?:the\s+)?)?")
_WATERSIDE = re.compile(r"\b(?:river|bank|coast|shore|border)$", re.IGNORECASE)  # what a town lies on
_WITHIN_TOWN = re.compile(r"\b(?:camp|neighbou?rhood|suburb|quarter)$", re.IGNORECASE)  # lies within a town
# The words between a place and a town it is said to lie beside: ", just east of the state capital of", ", 10 km
# north of": the town only says where the place is.
_BESIDE = re.compile(r"\s*,\s*(?:just\s+|about\s+|some\s+|roughly\s+)?(?:[\d.,]+\s*(?:km|kilometers|kilometres|miles)"
                     r"(?:\s*\([^)]*\))?\s+)?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?"
                     r"(?:[a-z-]+\s+){0,3}(?:of\s+)?")


# An event the count is tied to by referring back ("killed in the attack", "wounded during that strike"): the one
# last told of.
_THAT_EVENT = re.compile(rf"\b(?:in|during|by)\s+(?:the|that|this)\s+(?:same\s+)?(?:{EVENT_NOUNS})\b", re.IGNORECASE)


# A site a name makes one ("the Dar al-Arqam displacement center", "Erbil airport"), and a sentence that tells of a
# strike on it ("… was targeted late Friday"): a verb of striking or an event noun ("the attack on the X school")
_NAMED_SITE = re.compile(rf"^[A-Z][\w'’-]*(?:\s+[\w'’-]+)*?\s+(?i:{SITE_NOUNS})$")
_STRUCK_TOLD = re.compile(rf"\b(?:{STRUCK_VERBS}|{EVENT_NOUNS})\b", re.IGNORECASE)
# A sentence about the event just told: "The fresh clash occurred in Sitio X", "The ambush took place near Y".
_EVENT_TOLD = re.compile(rf"\s*(?:The|That|This)\s+(?:[a-z-]+\s+){{0,2}}(?:{EVENT_NOUNS})\b")
# A sentence saying where the event happened: "The attack occurred in a market in the capital's X Square".
_OCCURRED_TOLD = re.compile(rf"\s*(?:The|That|This)\s+(?:[a-z-]+\s+){{0,2}}(?:{EVENT_NOUNS})\s+(?:(?:was|were)\s+)?"
                            r"(?:occurred|took\s+place|happened)\b")
# A clause saying where the event was: "…, where the attack occurred", "…, where the clash took place", "…, where
# the fighting was concentrated".
_WHERE_TOLD = re.compile(rf"\bwhere\s+(?:the|that|this)\s+(?:[a-z-]+\s+)?(?:{EVENT_NOUNS})\s+(?:(?:was|were)\s+)?"
                         r"(?:occurred|took\s+place|happened|concentrated|broke\s+out|erupted|began|started)\b"
                         # "the soldiers were on duty near X when a blast hit their convoy"
                         rf"|\bwhen\s+(?:a|an|the)\s+(?:[a-z-]+\s+)?(?:{EVENT_NOUNS}|bomb|mine)\s+"
                         r"(?:hit|struck|exploded|went\s+off|tore\s+through|targeted)\b")
# A count over more than one event by their number: "in two ongoing encounters", "in separate attacks" (not
# "multiple attacks on a post", which may all be at one place).
_SEVERAL_EVENTS = re.compile(rf"\b(?:two|three|four|five|separate|twin)\s+(?:[a-z-]+\s+){{0,2}}(?:{EVENT_NOUNS})e?s\b",
                             re.IGNORECASE)
NEAR = 12  # sentences either side of a count whose places a model is offered
MENTIONED_NEAR = 2  # and those whose every place mentioned, tied to the event or not, it is offered too
_SUBCOUNT = re.compile(rf"\b(?:{SUBCOUNT_WORDS})\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_EVENT_NOUN = re.compile(rf"(?:{EVENT_NOUNS})", re.IGNORECASE)
_ADMIN_REGION = re.compile(r"\b(?:regions?|oblasts?|provinces?|states?|governorates?|departments?|count(?:y|ies)|"
                           r"prefectures?)$")
_CAPITAL = re.compile(r"\bcapital$", re.IGNORECASE)  # "the Libyan capital": a city named again, not a finer place
_ANOTHER = re.compile(r"(?:neighbou?ring|nearby|adjacent|another)", re.IGNORECASE)  # "the neighbouring state of X"


def _of_the_event(head) -> bool:
    """Whether a place is where the event told of was, by the words that refer back to it: "the attack on the
    village of X", "in the ambush near X"."""
    token = head.head.head if noun_of(head) else head  # "the village of X": where the village hangs
    if token.dep_ != "pobj":
        return False
    event = token.head.head
    return _EVENT_NOUN.fullmatch(event.text) is not None and any(
        c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in event.children)


def _another(head) -> bool:
    """Whether a place is said to be another than the one told of: "the neighbouring state of Michoacan"."""
    noun = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "of" else head
    return any(_ANOTHER.fullmatch(t.text) for t in (*head.children, *noun.children))


class Places:
    """The places of an article, read once per sentence; each count's place found in time linear in the sentence
    (a sentence of thousands of clauses joined by commas must not cost counts × places)."""

    def __init__(self, doc, sources: Sources):
        self.doc, self.text, self.sources = doc, sources.text, sources
        self.sentences = sources.sentences
        self.lines = [m.start() for m in re.finditer("\n", self.text)]
        known = known_places(doc)
        self.by_sentence = [places_in(s, self.lines, known) for s in self.sentences]
        self.offices = [office_places(s, self.lines, known) for s in self.sentences]
        self.starts = [s.start_char for s in self.sentences]
        self.scales = {span: scale(self.text[span[0]:span[1]], noun_of(head))
                       for found in self.by_sentence + self.offices for head, span in found}
        self._finer_scan: dict[tuple[int, int], list] = {}  # per broad place, how far its finer place was sought
        self._told_at: set[tuple[int, int]] = set()  # names of no stated kind a sentence on the event puts it at
        self._told_cache: dict[tuple[int, int], Words | None] = {}  # per broad place, the finer one told later
        spans = sorted(span for sentence in sources.by_sentence for _, _, span in sentence)
        # whether a source's words hold a place, by binary search: the furthest end among the spans starting before it
        self.source_starts = [a for a, _ in spans]
        self.source_reach = list(itertools.accumulate((b for _, b in spans), max))
        self.dateline = dateline(self.text)
        self.settlements = named_settlements(self.text)
        self._settlement_cache: dict[int, Words | None] = {}
        self._spread_cache: dict[int, bool] = {}
        self._usable_cache: dict[tuple[int, bool], list[tuple[object, tuple[int, int]]]] = {}
        self._candidates_cache: dict[tuple[int, bool], list[Words]] = {}
        self._holding: dict[bool, list[int]] = {}  # the sentences that name any place, by munitions
        self._mentioned_by_sentence: list[list[tuple[int, int]]] | None = None
        self._said: dict[tuple[re.Pattern, int], bool] = {}  # by pattern and sentence, whether its words match
        self._last_usable: dict[bool, list[int]] = {}  # per sentence, the last sentence up to it with a place
        self._first: dict[bool, int | None] = {}  # the first sentence with a place
        self._tree: dict[int, tuple[dict[int, int], dict[int, int]]] = {}  # per sentence, entry and exit times
        self._positions_cache: dict[int, list[int] | None] = {}  # by id of a cached list of usable places
        self._first_sentence: dict[str, int] | None = None  # per place name, the first sentence naming it

    def _usable(self, k: int, munitions: bool) -> list[tuple[object, tuple[int, int]]]:
        if (k, munitions) in self._usable_cache:
            return self._usable_cache[k, munitions]
        found = []
        for head, span in self.by_sentence[k]:
            before = bisect.bisect_right(self.source_starts, span[0])
            if before and self.source_reach[before - 1] >= span[1] and span[0] <= head.idx < span[1]:
                continue  # "Ukraine's Air Force said": where the speaker is (not its "its territory")
            if travelled_to(head) or taken_to(head) or cared_at(head):
                continue  # "She arrived in Georgia", "taken to the hospital in Mitrovica", "treated at X hospital"
            if from_someone(head):
                continue  # "the home of a lawmaker from Helmand province": where someone comes from
            if munitions and (preposition_of(head) in ORIGIN_PREPOSITIONS or launched_in(head)):
                continue  # "launched from Yemen", "fired by the Houthis in Yemen": where the weapons came from
            found.append((head, span))
        self._usable_cache[k, munitions] = found
        return found

    def named(self) -> list[str]:
        """Every place the article's words name, as written, in order, each once: its dateline and each sentence's
        places, whatever they are tied to (the map takes the country and region most lie in when its facts' places
        are villages it does not hold)."""
        found = [w.text for w in [self.dateline] if w] + [
            self.text[a:b] for sentence in self.by_sentence for _, (a, b) in sentence]
        return list(dict.fromkeys(found))

    def _office(self, k: int) -> Words | None:
        """The one territory below a country that a speaker of sentence k holds office in ("The governor of the
        Mykolaiv region said six drones were shot down there"), or the place a speaker is in ("officials in Israel
        said"): where the counts the sentence tells of happened, when it names no other place. A country is no
        territory ("Ukraine's air force said"): a national body speaks of the whole war."""
        offices = distinct([OfficeWords(self.text[a:b], a, b) for head, (a, b) in self.offices[k]
                            if self.scales[a, b] > COUNTRY or speaker_in(head)])
        return offices[0] if len(offices) == 1 else None

    def candidates(self, k: int, munitions: bool) -> list[Words]:
        """The places a model may choose among for a count of sentence k, nearest first: the sentence's own and the
        territory its speaker holds, then those of the sentences around it (the one before first), the lead's and
        the dateline; within MENTIONED_NEAR sentences, every place mentioned, after those tied to the event. On
        dev, gold's place is among the eight a question offers for 0.979 of counts (0.966 among four, 0.924 when
        only the sentence's, the lead's and the dateline were offered), on fresh dev 0.951 (0.869 and 0.749); with
        the rest of the article's places where those are fewer than eight, 0.990 on dev, 0.955 on fresh dev, and
        calib, never read for errors, 0.951 -> 0.958; with places in the plural, names sharing a noun and those
        "between" joins, 0.963 on fresh dev and 0.960 on calib."""
        if (k, munitions) not in self._candidates_cache:
            here = [words_at(self.text, *span) for _, span in self._usable(k, munitions)] + (
                [office] if (office := self._office(k)) is not None else [])
            around = []
            for j in nearest_first(k, len(self.sentences), NEAR):
                around += [] if j == k else [words_at(self.text, *span) for _, span in self._usable(j, munitions)]
                if abs(j - k) <= MENTIONED_NEAR:
                    around += [words_at(self.text, *span) for span in self._mentioned(j)]
            lead = next(([words_at(self.text, *span) for _, span in found] for j in range(min(3, len(self.sentences)))
                         if (found := self._usable(j, munitions))), [])
            found = distinct(here + around + lead[:2] + ([self.dateline] if self.dateline else []))
            # too few? the places the rest of the article names, nearest first: a place named once, far from its
            # count ("the Philippines"), or one the sentences around it tie to nothing
            if munitions not in self._holding:
                self._holding[munitions] = [j for j in range(len(self.sentences))
                                            if self._usable(j, munitions) or self._mentioned(j)]
            holding = self._holding[munitions]
            self._candidates_cache[k, munitions] = filled(found, (
                [words_at(self.text, *span) for _, span in self._usable(j, munitions)]
                + [words_at(self.text, *span) for span in self._mentioned(j)]
                for j in beyond(k, holding, MENTIONED_NEAR)), len(OPTION_LETTERS))
        return self._candidates_cache[k, munitions]

    def _mentioned(self, k: int) -> list[tuple[int, int]]:
        """The spans of every place sentence k mentions (place_words.places_mentioned)."""
        if self._mentioned_by_sentence is None:
            self._mentioned_by_sentence = [[] for _ in self.sentences]
            for span in places_mentioned(self.doc):
                self._mentioned_by_sentence[max(bisect.bisect_right(self.starts, span[0]) - 1, 0)].append(span)
        return self._mentioned_by_sentence[k]

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

    def _nearest_tied(self, k: int, here, positions: list[int], number, predicate, own_clause: bool = False):
        """The usable place of sentence k nearest the number among those the predicate governs through a tying
        preposition ("killed ... in Kharkiv"), looking outward from the number; None when there is none.
        `own_clause`: not one of a clause under the predicate that has a count of its own ("14 fell short in Gaza",
        where the parse hangs "48 landed in southern Israel" from "fell")."""
        if predicate is None:
            return None
        enter, leave = self._times(k)
        if predicate.i not in enter:
            return None
        low, high = enter[predicate.i], leave[predicate.i]

        def tied(place) -> bool:
            head = place[0]
            return (head == predicate or low < enter.get(head.i, -1) < high) and (
                preposition_of(head) or "in") in TIED_PREPOSITIONS and not (
                own_clause and (verb := _verb_of(head)) not in (None, predicate) and _counts_another(verb, number))

        right = bisect.bisect_left(positions, number.i)
        left = right - 1
        # own_clause looks at the few places around the number only: a sentence of thousands of clauses, each with
        # its count, must not be walked once per count
        reach = 8 if own_clause else len(here)
        while (left >= 0 or right < len(here)) and right - left <= reach:
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

    def _before_in_paragraph(self, k: int, munitions: bool, anywhere: bool = False) -> Words | None:
        """The last place named earlier in sentence k's paragraph (`anywhere`: in the article)."""
        if munitions not in self._last_usable:
            last, found = [], -1
            for j in range(len(self.sentences)):
                found = j if self._usable(j, munitions) else found
                last.append(found)
            self._last_usable[munitions] = last
        j = self._last_usable[munitions][k - 1] if k else -1
        paragraph = paragraph_of(self.text, self.sentences[k].start_char)
        if j < 0 or self.sentences[j].start_char < paragraph[0] and not anywhere:
            return None
        # the last place it names by name ("in Kherson, … the regional capital": Kherson), not one a region or a town
        # beside it only says the whereabouts of ("Velyka, a village in the Sumy region": the village)
        found = self._usable(j, munitions)
        head, span = next((p for p in reversed(found) if not described_only(p[0])), found[-1])
        if (positions := self._positions(j, found)) is not None:
            head, span = self._held(found, positions, head, span)
        return words_at(self.text, *span)

    def for_count(self, k: int, number, predicate, munitions: bool, over_time: bool = False) -> Words | None:
        """The place of the count `number` (a token of sentence k); `over_time` when it is a total over a span of
        time, which keeps the broad place it is a total for."""
        if self.settlements and (named := self._settlement_of(k)) is not None:
            return named  # "a village in Sagaing Region": the one village the article names
        place = self._read_for_count(k, number, predicate, munitions)
        if place is None or place is self.dateline or munitions or over_time:
            return place  # munitions launched at a region, shot down over it: the region
        if self._says(_SEVERAL_EVENTS, k):
            return place  # "killed in two attacks in X district": a finer place named next is one of them only
        paragraph = paragraph_of(self.text, self.sentences[k].start_char)
        return self._finer(place, paragraph[1] if place.start < paragraph[0] else None)

    def _finer(self, place: Words, until: int | None = None) -> Words:
        """The one more specific place the article names for the event just after naming a country, a region or a
        district: "an attack in northern Burkina Faso" then "the convoy was ambushed near Namsiguia"; "a strike on
        the Kharkiv region" then "shelling on the town of Kupyansk". Looked for in the rest of the place's paragraph
        and the next, where something is (in, at, near…: not where the wounded were taken, or toward which a car
        drove); a place that only says where another one is ("the camp in El Fasher city") is not another. With two
        or more such places there (a list of towns shelled), the broad place stays. A country or a region gives way to
        a district, a town or a name, a district only to a town (a bare name may be a city around it, and gives way to
        a town only where a paragraph telling of the event names it: "The fresh clash occurred in Sitio X"), a country
        to a region when nothing finer is named; never to a place said to be another ("the neighbouring state of X").
        A town gives way only to a named site that its paragraph or the next says was struck (_site_told).
        For a count whose place is borrowed from an earlier paragraph (the lead's), looked for `until` the end of the
        count's own paragraph: an article that has named other places since is telling of more than the lead's event
        (the war's toll after the day's strike), and the broad place stays."""
        key = (place.start, place.end)
        broad = self.scales.get(key, NAMED)
        last = next_paragraph(self.text, paragraph_of(self.text, place.start)[1])[1]
        last = max(last, until) if until is not None else last
        if broad >= NAMED and (site := self._site_told(place, last)) is not None:
            return site  # a town, or a name of no stated kind ("central Baghdad"), gives way to a site told of
        if broad > NAMED:
            return place
        # the sentence to look at next, the finer places found so far, and whether they already name two places: the
        # place's sentences are looked through once, however many counts (read in article order) borrow it
        scan = self._finer_scan.setdefault(key, [bisect.bisect_right(self.starts, place.start) - 1, {}, False])
        least = TOWN if broad >= DISTRICT else DISTRICT
        # a country gives way to a region too, when nothing finer is named ("southern Thailand", then "in Narathiwat
        # province"); a region named beside a finer place only says where that one is
        lowest = REGION if broad == COUNTRY else least
        # a place named before the broad one is where the event told there was ("a drone struck near Lahore", then
        # "missile strikes on Pakistani territory killed 31", then "the drone hit a site near Lahore")
        first_named, own = self._first_named(), bisect.bisect_right(self.starts, place.start) - 1
        paragraph_end, place_sentence = paragraph_of(self.text, place.start)[1], self.sentences[own]
        while not scan[2] and scan[0] < len(self.sentences) and self.sentences[scan[0]].start_char <= last:
            found = scan[1]
            # a bare name may be a city around the town named next: only where the paragraph tells of the event
            told = broad < NAMED or _EVENT_TOLD.match(
                self.text, *paragraph_of(self.text, self.sentences[scan[0]].start_char))
            # a later paragraph's count on another day tells of that day's event ("killed 10 in Yemen on Tuesday",
            # then "Three were wounded in Sanaa on Wednesday")
            sentence = self.sentences[scan[0]]
            another_day = sentence.start_char > paragraph_end and self._another_day(place_sentence, sentence)
            # a district gives way to a name of no stated kind in a sentence on the event ("injured in the attack
            # … at Thinghat"): where the event was, whatever the map calls it
            on_the_event = broad == DISTRICT and self._says(_THAT_EVENT, scan[0])
            for head, span in self._usable(scan[0], False) if told else ():
                if another_day and (verb := _verb_of(head)) is not None and _counts_another(verb, None):
                    continue  # (None: any count of the verb's is another than the broad place's)
                name = " ".join(self.text[span[0]:span[1]].lower().split())
                at_event = on_the_event and self.scales[span] == NAMED
                if span[0] > place.start and (self.scales[span] >= lowest or at_event) and name not in \
                        place.text.lower() and (preposition_of(head) or "in") in WHERE and head.ent_type_ != "ORG" \
                        and not of_someone(head) and not _another(head) and first_named.get(name, own) >= own:
                    found.setdefault(name, (head, span))
                    if at_event:
                        self._told_at.add(span)
            scan[0] += 1
            scan[2] = bool(scan[1]) and self._finest(scan[1], least) is None
        if (finest := self._finest(scan[1], least)) is not None or scan[2] or broad > REGION or until is not None:
            return finest or place
        return self._told_later(key, last, least, lowest) or place

    def _site_told(self, town: Words, last: int) -> Words | None:
        """The one named site the town's paragraph or the next tells was struck ("a strike on a displacement shelter
        in El-Fasher", then "The Dar al-Arqam displacement center … was targeted late Friday") or the event happened
        at ("The attack occurred in a market in the capital's X Square"), else None."""
        found: dict[str, Words] = {}
        k = bisect.bisect_right(self.starts, town.start) - 1
        further = next_paragraph(self.text, last)[1]  # a sentence saying where the event happened, one more paragraph
        while k < len(self.sentences) and self.sentences[k].start_char <= further:
            occurred = _OCCURRED_TOLD.match(self.text, self.sentences[k].start_char) is not None
            for a, b in self._mentioned(k) if occurred or self.sentences[k].start_char <= last else ():
                words = self.text[a:b]
                if a > town.start and _NAMED_SITE.match(words) and town.text.lower() not in words.lower() \
                        and (occurred or self._struck(a, b)):
                    found.setdefault(" ".join(words.lower().split()), words_at(self.text, a, b))
            k += 1
        # one site, however much of its owner its words hold ("the capital's X Square", "X Square"): the shortest
        shortest = min(found, key=len, default=None)
        return found[shortest] if shortest is not None and all(shortest in name for name in found) else None

    def _struck(self, start: int, end: int) -> bool:
        """Whether the words say the site at start:end was struck: "The X center … was targeted", "shells hit the X
        market", "the attack on the X school"."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        head = span.root if span is not None else None
        if head is None:
            return False
        verb = head.head
        if head.dep_ == "pobj" and verb.lower_ in ("on", "at", "against"):
            verb = verb.head
        return head.dep_ in ("nsubjpass", "dobj", "pobj") and _STRUCK_TOLD.fullmatch(verb.text) is not None

    def _another_day(self, first, then) -> bool:
        """Whether two sentences name days of the week and the second names none the first does."""
        days = [{d.lower() for d in _WEEKDAY.findall(self.text, s.start_char, s.end_char)} for s in (first, then)]
        return bool(days[0] and days[1] and not days[0] & days[1])

    def _first_named(self) -> dict[str, int]:
        """Each place name's first sentence (not the dateline's), found once per article."""
        if self._first_sentence is None:
            self._first_sentence = {}
            for j, found in enumerate(self.by_sentence):
                for _, (a, b) in found:
                    if self.dateline is None or a >= self.dateline.end:
                        self._first_sentence.setdefault(" ".join(self.text[a:b].lower().split()), j)
        return self._first_sentence

    def _told_later(self, key: tuple[int, int], after: int, least: int, lowest: int) -> Words | None:
        """The one finer place a later paragraph names where it tells of the event ("The attack on the X district
        headquarters …", "…, where the ambush occurred", "… wounded in the attack on the village of X"), for a
        country or region nothing finer followed; None with none or two."""
        if key not in self._told_cache:
            found: dict[str, tuple] = {}
            for k in range(bisect.bisect_right(self.starts, after), len(self.sentences)):
                sentence = self.sentences[k]
                opening = sentence.start_char == paragraph_of(self.text, sentence.start_char)[0]
                told = opening and _EVENT_TOLD.match(self.text, sentence.start_char) or _WHERE_TOLD.search(
                    self.text, sentence.start_char, sentence.end_char)
                for head, span in self._usable(k, False):
                    name = " ".join(self.text[span[0]:span[1]].lower().split())
                    if (told or _of_the_event(head)) and self.scales[span] >= lowest \
                            and (preposition_of(head) or "in") in WHERE \
                            and head.ent_type_ != "ORG" and not of_someone(head) and not _another(head):
                        found.setdefault(name, (head, span))
            self._told_cache[key] = self._finest(found, least)
        return self._told_cache[key]

    def _finest(self, found: dict[str, tuple], least: int) -> Words | None:
        """The one place of the finest kind found (of `least` scale or finer, else a country's region: not a sea or
        a border, which lie beyond it); None with two."""
        finer = {n: p for n, p in found.items() if self.scales[p[1]] >= least or p[1] in self._told_at}
        regions = {n: p for n, p in found.items() if _ADMIN_REGION.search(n)}
        return self._one_place(finer or regions) if finer or regions else None

    def _one_place(self, finer: dict[str, tuple]) -> Words | None:
        """The place the finer places found name, when they name one, however written ("Kupyansk", "the town of
        Kupyansk"); a place within another ("the camp in El Fasher city") is not another."""
        heads = {head for head, _ in finer.values()}
        names = [n for n, (head, _) in finer.items() if not heads & set(head.ancestors)]
        if names and all(n in names[0] or names[0] in n for n in names):
            return words_at(self.text, *finer[names[0]][1])
        return None

    def _read_for_count(self, k: int, number, predicate, munitions: bool) -> Words | None:
        sentence = self.sentences[k]
        here = self._usable(k, munitions)
        positions = self._positions(k, here) if here else None
        if here and line_of(self.lines, sentence[0]) != line_of(self.lines, sentence[-1]):
            # a list over lines: "47 … over the Bryansk region,\n42 - over the Kaluga region"
            line = line_of(self.lines, number)
            on_line = [p for p in _around(here, positions, number.i) if line_of(self.lines, p[0]) == line]
            if on_line and len(on_line) < len(here):
                here, positions = on_line, _ordered([p[0].i for p in on_line])
        # the parts' cue stands before the first place after the number (searched that far only: a sentence may
        # hold thousands of counts)
        after = bisect.bisect_left(here, number.idx, key=lambda p: p[1][0]) if here else 0
        if after < len(here) and _SUBCOUNT.search(self.text, number.idx, here[after][1][0]) is not None \
                and all(_of_another(head, number) for head, _ in _around(here, positions, number.i)):
            return None  # "39 downed, including 19 in the Rostov region and 13 over Volgograd": each place a part's
        if here:
            if positions is not None:
                tied = _own(here, positions, number) or self._nearest_tied(
                    k, here, positions, number, predicate, own_clause=True) or self._nearest_tied(
                    k, here, positions, number, predicate)
                head, span = self._held(here, positions, *(tied or _nearest(here, positions, number)))
            else:  # heads out of article order (a name that spans words): the plain way, rare and small
                enter, leave = self._times(k)
                tied = [p for p in here if predicate is not None and (p[0] == predicate or (
                    predicate.i in enter and enter[predicate.i] < enter.get(p[0].i, -1) < leave[predicate.i]))
                        and (preposition_of(p[0]) or "in") in TIED_PREPOSITIONS]
                head, span = min(tied or here, key=lambda p: abs(p[0].i - number.i))
            if not munitions:
                span = self._finer_here(here, span)
            return words_at(self.text, *span)
        if self._spread(k):
            return None  # "48 drones downed in nine regions": no one place, not the next one named
        if (office := self._office(k)) is not None:
            return office
        if (before := self._before_in_paragraph(k, munitions)) is not None:
            return before
        if self._says(_THAT_EVENT, k) and (
                before := self._before_in_paragraph(k, munitions, anywhere=True)) is not None:
            return before  # "killed in the attack": the attack last told of, where it was
        first = self._first_usable(munitions)  # the lead's place, else the first the article names
        if first is not None and self.settlements and (named := self._settlement_of(first)) is not None:
            return named  # the lead's "a town near the capital", which the article names ("the town of X")
        return words_at(self.text, *self._usable(first, munitions)[0][1]) if first is not None else self.dateline

    def _finer_here(self, here, span: tuple[int, int]) -> tuple[int, int]:
        """The one place of the count's sentence more specific than the one read for it, if there is one: the town
        a casualty's sentence names beside the region its verb is tied to ("killed six villagers in the Mopti region
        … in an attack on the village of Brisk": Brisk), as conventions take the most specific place; a bare name
        only in place of a region or a country. Not a capital ("the Libyan capital": the city again) nor a place
        said to be another. Chosen on calib, never read for errors: 10 counts right that were wrong, 2 the reverse;
        on dev and fresh dev none."""
        broad = self.scales.get(span, NAMED)
        finer = [s for head, s in here if (scale_ := self.scales.get(s, NAMED)) > broad and not _another(head)
                 and (scale_ == TOWN or broad <= REGION) and not _CAPITAL.search(self.text, *s)]
        return finer[0] if len(finer) == 1 else span

    def _says(self, pattern: re.Pattern, k: int) -> bool:
        """Whether sentence k's words match the pattern (searched once per sentence: it may hold thousands of
        counts)."""
        if (pattern, k) not in self._said:
            sentence = self.sentences[k]
            self._said[pattern, k] = pattern.search(self.text, sentence.start_char, sentence.end_char) is not None
        return self._said[pattern, k]

    def _spread(self, k: int) -> bool:
        """Whether sentence k ties its counts to a count of places (read once per sentence: it may hold thousands of
        counts)."""
        if k not in self._spread_cache:
            self._spread_cache[k] = spread_over_places(self.sentences[k])
        return self._spread_cache[k]

    def _held(self, here, positions: list[int], head, span):
        """The place a region or country only says the whereabouts of, named just before it: "the town of Belka,
        also in the Orel region"; "Dori, in the eastern Seno province"; "Lozova located in the Kharkiv region"; through
        a chain of them ("Gora, a village in Maradun district of Zamfara state": Gora)."""
        for _ in range(3):
            held = self._held_once(here, positions, head, span)
            if held[1] == span:
                break
            head, span = held
        return head, span

    def _held_once(self, here, positions: list[int], head, span):
        at = bisect.bisect_left(positions, head.i)
        while at > 0 and here[at - 1][1][1] > span[0]:
            at -= 1  # an owner within the place's own words ("Dnipro" of "the Dnipro's west bank") is not before it
        if at == 0:
            return head, span
        if self.scales.get(span, NAMED) > REGION:
            before = here[at - 1]
            if _BESIDE.fullmatch(self.text, before[1][1], span[0]):
                return before
            # "the Ruso district in Narathiwat": a name of no stated kind after a district or a town only says
            # where that one lies
            # a camp or a neighbourhood "in Gaza City": the city says where it lies
            contained = self.scales.get(before[1], NAMED) in (DISTRICT, TOWN) and (
                self.scales.get(span, NAMED) == NAMED or self.scales.get(span, NAMED) == TOWN
                and _WITHIN_TOWN.search(self.text, *before[1]) is not None) or (
                self.scales.get(before[1], NAMED) == TOWN and self.scales.get(span, NAMED) == DISTRICT) or (
                self.scales.get(before[1], NAMED) >= NAMED and _WATERSIDE.search(self.text, *span) is not None)
            return before if contained and _CONTAINER.fullmatch(self.text, before[1][1], span[0]) else (head, span)
        before = here[at - 1]
        if self.scales.get(before[1], NAMED) > REGION and _CONTAINER.fullmatch(self.text, before[1][1], span[0]):
            return before
        if _BESIDE.fullmatch(self.text, before[1][1], span[0]):
            return before
        return head, span

    def _settlement_of(self, k: int) -> Words | None:
        """The settlement the article names once, when sentence k mentions one of its kind bare (read once per
        sentence: a sentence can hold thousands of counts)."""
        if k not in self._settlement_cache:
            sentence = self.sentences[k]
            bare = BARE_SETTLEMENT.search(self.text, sentence.start_char, sentence.end_char)
            self._settlement_cache[k] = self.settlements.get(bare.group(1).lower()) if bare else None
        return self._settlement_cache[k]

    def _first_usable(self, munitions: bool) -> int | None:
        """The first sentence with a usable place (found once per article)."""
        if munitions not in self._first:
            self._first[munitions] = next((j for j in range(len(self.sentences)) if self._usable(j, munitions)), None)
        return self._first[munitions]

    def _positions(self, k: int, here) -> list[int] | None:
        """The token positions of the usable places' heads, when they stand in article order (else None)."""
        key = id(here)
        if key not in self._positions_cache:
            self._positions_cache[key] = _ordered([p[0].i for p in here])
        return self._positions_cache[key]


def _around(here, positions: list[int] | None, i: int, most: int = 8):
    """The places nearest token i on either side (all of them when their heads are out of order): a line holds few,
    and a list of thousands of lines must not be walked once per count."""
    if positions is None:
        return here
    at = bisect.bisect_left(positions, i)
    return here[max(0, at - most):at + most]


def _own(here, positions: list[int], number):
    """The place nearest the number among those hanging from it: "12 in the port city of Callao" in "30 died in a
    prison in southern Peru, 12 in the port city of Callao" (found among the places within its words only)."""
    low, high = number.left_edge.i, number.right_edge.i
    own = [p for p in here[bisect.bisect_left(positions, low):bisect.bisect_right(positions, high)]
           if p[0] != number and number in p[0].ancestors and preposition_of(p[0]) in STRONG_PREPOSITIONS]
    return min(own, key=lambda p: abs(p[0].i - number.i), default=None)


def _of_another(head, number, most: int = 6) -> bool:
    """Whether a place hangs from another count than `number` before any verb: "19 in the Rostov region"."""
    for token in itertools.islice(head.ancestors, most):
        if token.pos_ in ("VERB", "AUX") or token == number:
            return False
        if token.like_num:
            return True
    return False


def _verb_of(head, most: int = 8):
    """The nearest verb above a place ("fell" of "fell short in Gaza"), if near."""
    return next((t for _, t in zip(range(most), head.ancestors) if t.pos_ in ("VERB", "AUX")), None)


def _counts_another(verb, number) -> bool:
    """Whether a verb has another count than `number` as its subject or object ("48 projectiles landed")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            counts = [child] if child.like_num else [g for g in child.children if g.dep_ == "nummod"]
            if counts and number not in counts:
                return True
    return False


def _ordered(positions: list[int]) -> list[int] | None:
    return positions if all(a <= b for a, b in zip(positions, positions[1:])) else None


def _nearest(here, positions: list[int], number):
    """The place nearest the number (heads in article order); on a tie the earlier one."""
    right = bisect.bisect_left(positions, number.i)
    if right == 0:
        return here[0]
    if right == len(here) or number.i - positions[right - 1] <= positions[right] - number.i:
        return here[right - 1]
    return here[right]
