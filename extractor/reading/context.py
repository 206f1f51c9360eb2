"""When, where and on whose word each count is stated: for every count, its date words, its place and its source,
each with its span, and the other places and sources it could have had (the options a model chooses from).
Sources are read in reading/sources.py, places in reading/places.py (labelling conventions, "Which statements
count"; eval/GUIDE.md, "Places and sources"); dates here: the date words of the sentence nearest the number ("on
Thursday", "overnight", "on 25 December"), else the last ones earlier in the article; never a number to count."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import re
from dataclasses import dataclass

from ..budget import check as check_budget
from ..schemas.label import OPTION_LETTERS
from ..schemas.vocab import MONTH_NAME, REPORTING_WORDS, WEEKDAYS, words
from .actors import What, cumulative, what
from .article import ReadArticle
from .dateline import read_dateline
from .dates import STALE_DAYS, precision, relative, resolve
from .spans import (DateWords, Words, beyond, distinct, filled, nearest_first, paragraph_of, same_text, up,
                    words_at)

_MONTH = MONTH_NAME
_WEEKDAY = "(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + ")"
_DAY = rf"(?:{_WEEKDAY}|{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})"  # a day named on its own
_REPORTING = words(REPORTING_WORDS)
_WAR_LONG = re.compile(r"\b(?:since|from)\s+the\s+(?:start|beginning|outbreak)\s+of\s+the\s+(?:war|conflict|invasion)|"
                       r"\byears\s+of\s+(?:the\s+)?war\b", re.IGNORECASE)
_SAME_DAY = re.compile(r"\b(?:later|earlier)\s+(?:in|that)\s+(?:the\s+)?day\b|\b(?:on\s+)?the\s+same\s+day\b",
                       re.IGNORECASE)
_YEAR_ALONE = re.compile(r"\w+\s+(?:19|20)\d\d")
_RANKED = re.compile(r"\b(?:\w+est|most\s+\w+|worst|first|biggest)\s+(?:\w+\s+)?$", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+(?:(?:early|mid|late)-?\s*)?$", re.IGNORECASE)
_DATE_WORDS = re.compile(
    rf"\b(?:[Nn]ight\s+(?:of|from)|[Oo]vernight(?:\s+from)?)\s+{_DAY}\s+(?:to|into)\s+{_DAY}\b|"  # one night
    rf"\b(?:(?:[Oo]n|[Ll]ate\s+on|[Ee]arly\s+on|[Oo]vernight(?:\s+on|\s+into)?)\s+)?{_WEEKDAY}\b|"
    rf"\b(?:\d+|[Aa]|one|two|three|four|five|six|seven)\s+days?\s+ago\b|"
    rf"\b(?:[Oo]vernight|[Ll]ast\s+night|[Yy]esterday|[Tt]his\s+morning|[Tt]oday|[Tt]onight)\b|"
    rf"\b(?:[Tt]his\s+(?:afternoon|evening)|[Ll]ast\s+evening)\b|"
    rf"\b(?:over|at|during|this|last)\s+the\s+weekend\b|\b(?:this|last)\s+weekend\b|\b(?:[Tt]his|[Ll]ast)\s+week\b|"
    rf"\b(?:[Oo]ver|[Ii]n|[Dd]uring)\s+the\s+(?:past|last)\s+(?:day|24\s+hours)\b|"
    rf"(?<!the\s)\b(?:[Ee]arlier\s+|[Ll]ater\s+)?(?:[Tt]his|[Ll]ast)\s+(?:month|year)\b|"  # not "in the last year"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b(?:19|20)\d\d-\d{{1,2}}-\d{{1,2}}\b|"
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s*(?:or|and|to|-|–)\s*)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
    rf"(?:\s+\d{{4}})?\b|"
    rf"\b(?:[Ee]arly|[Ll]ate|[Mm]id)[-\s]+{_MONTH}(?:\s+\d{{4}})?\b|"
    # (not "In April," opening a sentence, background more often than not; but "In May 12 people were killed")
    rf"\b(?:in|In(?=\s+{_MONTH}\s+\d{{1,2}}\s+[a-z]))\s+{_MONTH}(?:\s+\d{{4}})?\b|\b{_MONTH}\s+\d{{4}}\b|"
    rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Tt]hroughout)\s+(?:19|20)\d\d\b(?!\s*[-–]\w)|"
    rf"\b(?:[Ss]ince|[Ff]rom)\s+the\s+(?:beginning|start)\s+of\s+(?:19|20)\d\d\b|"
    rf"\bChristmas(?:\s+(?:Day|morning|Eve))?\b|\bNew\s+Year(?:['’]s)?(?:\s+(?:Day|morning|Eve|night))?\b")


@dataclass(frozen=True)
class Context:
    """Code's pick of a count's date, place and source, and the dates, places and sources it could have picked (the
    options a model chooses from)."""

    date: Words | None = None
    place: Words | None = None
    source: Words | None = None
    places: tuple[Words, ...] = ()
    sources: tuple[Words, ...] = ()
    dates: tuple[Words, ...] = ()
    what: What = What()  # the kind of violence and the sides its sentence names (reading/actors.py)


def _options(pick: Words | None, others: list[Words], most: int = len(OPTION_LETTERS)) -> tuple[Words, ...]:
    """Code's pick and the other candidates, each text once, in article order, at most `most`."""
    chosen: dict[str, Words] = {}
    for words_ in itertools.chain([pick] if pick else [], others):
        if len(chosen) == most:
            break  # a sentence may hold thousands of candidates: stop at the bound, not after them all
        chosen.setdefault(same_text(words_), words_)
    return tuple(sorted(chosen.values(), key=lambda w: w.start))


# ---- dates ---------------------------------------------------------------------------------------------------------

def _took_lives(verb) -> bool:
    """"claimed six lives": a verb of reporting that tells of deaths, not of a statement."""
    return any(c.dep_ == "dobj" and c.lower_ in ("life", "lives") for c in verb.children)


def _recalled(span) -> bool:
    """Date words in a clause of "since" ("attacked since the army invaded in February 2022") or deep in a phrase of
    it ("calm since the evacuations that followed the city's fall in August"), or a year alone in a relative or
    adverbial clause ("the group that killed two in 2019", "when he took office in 2016"): they date what the writer
    recalls, not the sentence's event, nor what follows."""
    return _recalling(span) is not None


def _recalling(span):
    """The head of the clause or phrase whose date words the writer only recalls (_recalled), else None."""
    if span is None:
        return None
    year_alone = _YEAR_ALONE.fullmatch(span.text) is not None
    return next((t for t in up(span.root) if t.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "since" for c in t.children) or t.dep_ == "prep" and t.lower_ == "since"
                 or year_alone and t.dep_ in ("relcl", "advcl")), None)


def _dates_in(text: str, sentence, dateline) -> tuple[list[Words], list[Words], list[Words], list[Words]]:
    """The sentence's date words: those of events, those that only date a statement ("said on Thursday"), the
    events' that date what follows too: not those that only qualify a noun ("in its Oct. 7, 2023, attack", "a Friday
    update") nor the start of a period ("since September 2022"), which date their own sentence's counts alone; and
    the events' the writer only recalls (`_recalled`), which date neither what follows nor the lead."""
    events, statements, carried, recalled = [], [], [], []
    for d in _DATE_WORDS.finditer(text, sentence.start_char, sentence.end_char):
        if dateline and dateline.day and d.start() < dateline.end:
            continue  # the dateline's day dates the article, not an event (conventions: dateline is publication)
        if _YEAR_ALONE.fullmatch(d.group(0)) and _RANKED.search(text, max(0, d.start() - 30), d.start()):
            continue  # "the largest in 2025", "the deadliest since 2014": a ranking's span, not the event's date
        span = sentence.doc.char_span(d.start(), d.end(), alignment_mode="expand")
        verb = next((t for t in up(span.root) if t.pos_ in ("VERB", "AUX")), None) if span is not None else None
        found = words_at(text, d.start(), d.end())
        if verb is not None and _REPORTING.fullmatch(verb.text) and not _took_lives(verb):
            statements.append(found)
            continue
        events.append(found)
        attributive = span is not None and span.root.head.pos_ in ("NOUN", "PROPN") and span.root.head != span.root
        if _recalled(span) or d.group(0).endswith(" ago"):  # "three days ago" tells the background of the news
            recalled.append(found)
        elif not attributive and not _SINCE.search(text, max(0, d.start() - 20), d.start()) \
                and not d.group(0).lower().startswith("since"):
            carried.append(found)
    if statements:
        # "overnight …, officials said Friday": relative words count from the statement's day
        dated = {w: DateWords(w.text, w.start, w.end, said_on=statements[0].text) for w in events if relative(w.text)}
        events, carried, recalled = ([dated.get(w, w) for w in found] for found in (events, carried, recalled))
    return events, statements, carried, recalled


def _opens_period(text: str, d: Words) -> bool:
    """Date words that start a period: "since Jan. 11", "since early May"."""
    return d.text.lower().startswith("since") or _SINCE.search(text, max(0, d.start - 20), d.start) is not None


def _long_before(d: Words, published: dt.date | None) -> bool:
    """Date words naming a day more than a week before publication (dates.STALE_DAYS): the background the article
    recalls ("resumed its offensive on March 18" in a report of April 8), not the day of its news."""
    if published is None:
        return False
    day = resolve(d.text, published)[0]
    return day is not None and (published - day).days > STALE_DAYS


def _coarse(d: Words) -> bool:
    """Date words that name a month or a year, not a day nor a week ("in January", "last year")."""
    return precision(d.text) in ("month", "year")


def _date_for(dates: list[Words], starts: list[int], number) -> Words | None:
    """The date words nearest the number (`starts` their starts, in article order; on a tie the earlier), not those
    a relative clause the number stands outside only recalls (_recalled_apart)."""
    right = bisect.bisect_left(starts, number.idx)
    nearby = [d for d in dates[max(right - 1, 0):right + 1] if not _recalled_apart(d, number)]
    return min(nearby, key=lambda d: abs(d.start - number.idx)) if nearby else None


def _recalled_apart(d: Words, number) -> bool:
    """Recalled date words in a relative clause the number stands outside ("…, where both sides have exchanged fire
    since the war began in October"): they tell of the place or the people the clause describes. ("Killed 40,000
    since the war began in October" dates the total: the period's start.)"""
    span = number.doc.char_span(d.start, d.end, alignment_mode="expand")
    if _recalling(span) is None:
        return False
    return any(t.dep_ == "relcl" and not t.left_edge.i <= number.i <= t.right_edge.i for t in up(span.root))


# ---- every count ---------------------------------------------------------------------------------------------------

DATES_NEAR = 2  # sentences either side of a count whose date words a model is offered, beside the one code carries


def _dates_by_sentence(text: str, sentences, published: dt.date | None = None
                       ) -> list[tuple[list[Words], list[int], Words | None, list[Words]]]:
    """For each sentence: its date words with their starts, the last date words before it in the article, which
    a sentence with none of its own carries ("On New Year's morning, Russia launched 43 missiles. 38 were shot
    down." dates both), and its statements' date words (options a model may choose). Date words that only date a
    statement ("the army said on Thursday") date a sentence that has nothing else, and are never carried. On dev:
    dates right on 0.827 of matched facts; without setting statements apart 0.802 ("overnight" fixed) and 0.789;
    carrying only within a paragraph 0.692; none carried 0.676.
    A sentence before any event's date words (the lead: "Two soldiers were killed in a clash, the military said on
    Friday.") tells of the event the article goes on to date ("The clash took place on Thursday night"): it takes
    the article's first event date words that name a day, before its own statement's; on dev, of 53 such counts in
    a first paragraph, gold gives the first event date to every one whose date words resolve (21), null to the
    rest. Not date words naming a day more than a week before publication (_long_before): there the article recalls
    its background ("resumed its offensive on March 18" in a report of April 8); across articles, dev pairs found
    0.752 -> 0.851, no fact's date on dev, fresh dev or calib the worse."""
    dateline = read_dateline(text)  # (the article's: read once, not per sentence)
    read = [_dates_in(text, sentence, dateline) for sentence in sentences]
    # the start of a period ("since Jan. 11") dates its own sentence's total, not the lead; a month or a year alone
    # ("in January", "in 2016") is background more often than the lead's event: the lead takes the first words
    # that name a day, else its own statement's day, else the month or year
    leads = [d for own, _, _, recalled in read for d in own if d not in recalled and not _opens_period(text, d)
             and not _long_before(d, published)]
    first = next((d for d in leads if not _coarse(d)), None)
    coarse = next((d for d in leads if not _YEAR_ALONE.fullmatch(d.text)), None)
    found, before, last = [], None, None
    for sentence, (own, said, carried, recalled) in zip(sentences, read):
        # "Later in the day", "on the same day": the day last named, even a statement's ("On Sunday, officials said")
        same_day = last if not own and _SAME_DAY.search(text, sentence.start_char, sentence.end_char) else None
        found.append((own, [d.start for d in own], same_day or before or first or (said[-1] if said else coarse),
                      said))
        before = carried[-1] if carried else same_day or before
        last = max((d for d in own + said if d not in recalled), key=lambda d: d.start, default=last)
    return found


def _dates_around(dates: list, dated: list[int], k: int, carried: Words | None) -> list[Words]:
    """The date words, events' and statements', of sentence k and those either side, nearest first, then the one
    code carries; too few? those of the rest of the article (`dated`: the sentences with any), nearest first."""
    near = [d for j in nearest_first(k, len(dates), DATES_NEAR) for d in dates[j][0] + dates[j][3]]
    return filled(distinct(near + ([carried] if carried else [])),
                  (dates[j][0] + dates[j][3] for j in beyond(k, dated, DATES_NEAR)), len(OPTION_LETTERS))


def _leading_to(read: ReadArticle, count) -> str:
    """The words of a count's sentence up to the end of its clause: "Since February, 12,000 were killed" is a total
    over time; the 40 of "40 drones were launched overnight, bringing the total since May to 9,000" is not."""
    mention = count.mention
    begins = max(read.sentence(mention.start, mention.end)[0], mention.start - 400)  # bounded: a 100 KB sentence
    return read.text[begins:read.clause(mention.start, mention.end)[1]]  # must not be read once per count


def contexts(read: ReadArticle, counts, options: bool = True, published: dt.date | None = None) -> list[Context]:
    """The context of each count (extractor.reading.reading.Count), in order; without `options`, code's picks
    alone (no model will choose among them: a fifth of the reading's time is spent on them). `published` tells
    background dates from the news (_long_before)."""
    doc = read.doc
    places = read.places
    sources = places.sources
    starts = [s.start for s in sources.sentences]
    dates = _dates_by_sentence(sources.text, sources.sentences, published)
    dated = [k for k, (own, _, _, said) in enumerate(dates) if own or said]
    said: dict[int, What] = {}  # by sentence: many counts share one
    named: dict[int, tuple] = {}  # what each sentence names by itself (actors.what reads a few back)
    found = []
    for count in counts:
        check_budget()
        start, end = count.tokens
        number = doc[start:end].root
        k = max(bisect.bisect_right(starts, start) - 1, 0)
        predicate = next((t for t in up(number) if t.pos_ in ("VERB", "AUX")), None)
        munitions = bool(count.cue and count.cue[0] == "munitions")
        leading = _leading_to(read, count)
        over_time = cumulative(leading)
        place = places.for_count(k, number, predicate, munitions, over_time)
        source = sources.for_count(k, number.i)
        own, own_starts, before, _ = dates[k]
        if k not in said:
            said[k] = what(sources.sentences, k, paragraph_of(sources.text, sources.sentences[k].start_char)[0], named)
        # a war-long total has no date unless its own sentence gives one (eval/GUIDE.md, Dates)
        carried = None if _WAR_LONG.search(leading) else before
        date = _date_for(own, own_starts, number) or carried
        found.append(Context(date=date, place=place, source=source,
                             places=_options(place, places.candidates(k, munitions)) if options else (),
                             sources=_options(source, sources.candidates(k)) if options else (),
                             dates=_options(date, _dates_around(dates, dated, k, before)) if options else (),
                             what=dataclasses.replace(said[k], cumulative=over_time)))
    return found
