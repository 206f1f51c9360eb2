"""Who states a count: the speaker of the reporting verb that governs it ("…, the air force said"), or the
"according to" phrase; what records show and what a witness sees; a pronoun stands for the speaker its sentence or the
article last named; a claim attributed earlier in the paragraph carries over to the sentences that continue it (not to
other estimates, nor from an attribution in a relative clause on part of a count), and an attribution that closes the
paragraph's run ("…, he said.", "It added that …") or refers back to it from the next line ("This was announced by…",
"… confirmed the casualties") names its source."""

from __future__ import annotations

import bisect
import itertools
import re

from ..schemas.label import OPTION_LETTERS
from ..schemas.vocab import MEDIUM_WORDS, OBSERVER_WORDS, REPORTING_WORDS, TITLE_WORDS, TOLL_WORDS, words
from .spans import Words, beyond, distinct, filled, nearest_first, next_paragraph, paragraph_of, up, words_at
from .structure import hypothetical

SPEAKERS_NEAR = 2  # sentences either side of a count whose speakers a model is offered
_REPORTING = words(REPORTING_WORDS + r"|documented|recorded|counted|tallied|accused|accuses|reads|claiming|shared|"
                                     r"shares")
# "He added that …": a claim that goes on from the speaker's words before it
_ADDS = words(r"added|adds|adding")
# "The ministry put the toll at 12": a verb that states a figure through its object.
_PUTS = words(r"put|puts|putting|placed|places|placing|gave|gives|giving")
_FIGURES = words(r"toll|tolls|figure|figures|number|numbers|count|tally|total|estimate")
# Writings: one with no author named is the source itself where the words qualify it ("a military report", "the
# latest official figures"), and stands for the speaker last named where they do not ("the post says").
_WRITING_WORDS = (r"statements?|reports?|information|announcements?|study|studies|data|figures|update|updates|post|"
                  r"posts|release|bulletin|survey|count|tally|estimates?|records|statistics")
# "Records at the hospital show that …": what a writing shows, it states
_SHOWS = words(r"show|shows|showed|shown")
# "A witness at the scene saw four bodies": what a witness or reporter sees, they state
_SEES = words(r"saw|sees|see|seen|witnessed|observed")
_OBSERVERS = words(OBSERVER_WORDS)
_WRITINGS = words(_WRITING_WORDS)
# What a speaker may be written as that says nothing of who speaks: a document ("the statement said") — whose
# author is its "by" or possessive — or a relative pronoun.
_DOCUMENTS = words(_WRITING_WORDS + r"|channel|account|page|website|footage|video|conflicts?|wars?|attacks?|strikes?|"
                   r"that|which|who")
# Nouns that say only what kind of body speaks, never which: "the group said" is the group named before.
_GENERIC = words(r"group|organi[sz]ation|movement|monitor|outfit|agency")
_TITLES = words(TITLE_WORDS)
_TOLLS = words(TOLL_WORDS)
_GIVEN = words(r"provided|released|compiled|issued|given|published|confirmed|announced|cited")
_MEDIA = words(MEDIUM_WORDS)
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "his", "her", "its", "their", "him", "them"}
_BACK_REFERENCE = re.compile(r"^\s*(?:This|That|It|The\s+\w+(?:\s+\w+)?)\s+(?:was|were|has\s+been|had\s+been)\s+"
                             r"(?:announced|reported|stated|said|confirmed|published)\s+by\s+(?:the\s+)?(.+?)[.,;]"
                             r"|^\s*(?:The\s+)?(.+?)\s+made\s+the\s+announcement"
                             r"|^\s*(?:That's|That\s+is|This\s+is)\s+according\s+to\s+(?:the\s+)?(.+?)[.,;]",
                             re.IGNORECASE)
_BULLET = re.compile(r"[ \t]*(?:[•·*▪◦-]|\d+[.)])\s")
# Words that say only when a writing came or how complete it is, not whose it is: "the latest data", "earlier
# reports" name no one who states the count.
_WHEN_ONLY = words(r"latest|new|newest|recent|updated|preliminary|initial|early|earlier|previous|last|final|first|"
                   r"current|available|provisional|fresh|more|other|some|further")
# A temporal clause or phrase on a claim ("…, a day after three soldiers were killed"): the writer's background to
# what the speaker claims, not part of the claim.
_BACKGROUND = ("after", "before", "since")


def _speaker(verb) -> object | None:
    """The subject of a reporting verb, or the agent of a passive one ("was reported by the ministry"); when the
    parse gave it none, the noun right before it (", Ukraine's air force said")."""
    # "Reuters quoted the ministry as saying": the one quoted speaks, not the outlet
    quoted = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None) \
        if verb.lower_ in ("quoted", "quotes", "quoting", "cited", "cites", "citing") else None
    if quoted is not None and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return quoted
    # the subject nearest the verb: "An attack … injured seven, the governor added" has two, and the governor speaks
    subject = min((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), default=None,
                  key=lambda c: abs(verb.i - c.i))
    if subject is not None and verb.i >= 2 and verb.doc[verb.i - 1].text == "," and subject.i < verb.i - 2 and (
            named := verb.doc[verb.i - 2]).dep_ == "appos" and named.pos_ == "PROPN" and named.head != subject:
        subject = named  # "… prompting the evacuation of 12 people, the governor, Ivan Petrov, said": the parse hung
        # the speaker on the people as an apposition, and made the sentence's first noun the subject
    quoted_as = verb.lower_ == "quoted" and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
    if subject is not None and subject.dep_ == "nsubjpass" and not quoted_as:  # "was quoted as saying": who speaks
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        subject = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if subject is None and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        # "…, reported the state-run Xinhua news agency": a speaker named after its verb
        subject = next((c for c in verb.children if c.dep_ in ("dobj", "npadvmod") and c.i > verb.i and (
            c.pos_ == "PROPN" or any(g.pos_ == "PROPN" for g in c.children if g.dep_ == "compound"))
            and not any(g.dep_ == "nummod" for g in c.children)), None)
    if subject is None:
        # "The governor, writing on Telegram, said …": the parse may hang the subject from the participle between
        subject = next((s for c in verb.children if c.dep_ in ("advcl", "ccomp") and c.i < verb.i and c.tag_ == "VBG"
                        for s in c.children if s.dep_ == "nsubj" and s.i < c.i), None)
    if subject is None and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and verb.i > verb.head.i:
        # "The group took responsibility, claiming to have fired 24 rockets": the participle's claim is its clause's;
        # "The army said its troops killed 15, adding that …": the one whose report the participle goes on with
        reporting = next((a for a in up(verb.head, 6) if a.pos_ in ("VERB", "AUX") and _REPORTING.fullmatch(a.text)),
                         None)
        subject = _speaker(reporting) if reporting is not None else next(
            (c for c in verb.head.children if c.dep_ == "nsubj"), None)
    elif subject is None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.i > 0 \
            and verb.doc[verb.i - 1].pos_ == "CCONJ" and not any(c.dep_ in ("nsubjpass", "auxpass")
                                                                 for c in verb.children):
        # "The ministry denied the claim and said 12 were launched": the subject the two verbs share (not "… but 60
        # were reported wounded", nor ", the air force said", which the parse may also join to the verb before)
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        # "Omar Haddad, a trader who said …": the one the relative clause tells of, by name where an apposition
        # gives it
        subject = verb.head
        if subject.dep_ == "appos" and subject.head.pos_ == "PROPN":
            subject = subject.head
    on_noun = verb.dep_ == "amod" or verb.dep_ == "acl" and verb.head.dep_ != "appos"
    if subject is None and verb.tag_ == "VBN" and on_noun:
        # "no casualties reported", "the estimated strength": a past participle on a noun says who states it only
        # by its "by" ("the losses reported by the ministry"); the noun is what is stated ("figures saying" speak,
        # and ", the regional command announced" is a speaker the parse hung in apposition)
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if subject is None and verb.i > 0:
        before = verb.doc[verb.i - 1]
        if before.pos_ in ("NOUN", "PROPN") and not before.like_num:
            subject = before
    return subject


def _phrase_of(head) -> tuple[int, int]:
    """The noun phrase of a head, without what follows it to the right beyond a comma, a preposition or a relative
    clause ("Khalid Safi, a spokesman for the provincial governor" → "Khalid Safi"), and without a leading "the" or,
    before a person's name, their office."""
    doc = head.doc
    cut = {t.i for child in head.rights if child.dep_ in ("appos", "relcl", "acl", "prep", "punct")
           and not _acronym_after(head, child) and not _kept_at(head, child) for t in child.subtree}
    tokens = [t for t in head.subtree if t.i not in cut]
    start, end = min(t.i for t in tokens), max(t.i for t in tokens)
    if head.ent_type_ == "PERSON":
        # a person's name without the office before it ("Police chief Ahmad Karimi", "Mayor Sobyanin"): the
        # shortest phrase that says who, and the one the article's other mentions of them share
        named = head.i
        while named > start and doc[named].ent_iob_ == "I":
            named -= 1
        start = named
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and doc[end].is_punct:
        end -= 1
    if end + 1 < len(doc) and doc[end + 1].text == ")" and doc[end - 1].text == "(" and end + 1 in {t.i for t in tokens}:
        end += 1  # the closing bracket of the short name kept
    return doc[start].idx, doc[end].idx + len(doc[end])


def _kept_at(head, child) -> bool:
    """"Records at the city morgue": where a writing is kept says whose it is, and stays with it."""
    return child.dep_ == "prep" and child.lower_ == "at" and _WRITINGS.fullmatch(head.text) is not None


def _acronym_after(head, child) -> bool:
    """"the Inter-Services Public Relations (ISPR)": the short name in brackets right after a name, or its brackets,
    stays with it (articles go on to use the short one, and it is the shortest phrase that says who)."""
    doc = head.doc
    at = head.i + 1
    if at + 2 >= len(doc) or doc[at].text != "(" or doc[at + 2].text != ")":
        return False
    short = doc[at + 1]
    return child.i in (at, at + 1, at + 2) and short.text.isupper() and short.is_alpha and len(short) > 1


def _according_to(sentence) -> list[tuple[int, object]]:
    """(token index, speaker head) of each "according to X", and of each "as per X", "per X" (of a verb, not "40
    drones per night"), "as reported by X" and "the toll, provided by X", which say the same."""
    found = []
    for token in sentence:
        if token.lower_ in ("according", "as"):
            to = next((c for c in token.children if c.lower_ == ("to" if token.lower_ == "according" else "per")),
                      None)
        elif token.lower_ == "per" and token.dep_ == "prep" and token.head.pos_ in ("VERB", "AUX"):
            to = token
        elif token.lower_ == "reported" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            to = next((c for c in token.children if c.dep_ == "agent"), None)
        elif token.dep_ == "acl" and _GIVEN.fullmatch(token.text) and _TOLLS.fullmatch(token.head.text):
            to = next((c for c in token.children if c.dep_ == "agent"), None)  # "The toll, provided by X, …"
        else:
            continue
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is not None:
            found.append((token.i, pobj))
    return found


def _author(head):
    """The one who speaks through a document: "a study by US-based universities", "the channel of Zelenskyy",
    "the ministry's statement"; a writing that names no author is its own speaker (`_refers_back` says whose);
    None when the words name no one ("the war killed", "which said")."""
    if not _DOCUMENTS.fullmatch(head.text):
        return head
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
        # "figures released by the Israel Security Agency": the agent of the participle that qualifies it
        by = next((c for c in child.children if c.dep_ == "agent"), None) if child.dep_ == "acl" else None
        if child.dep_ == "prep" and child.lower_ in ("by", "of", "from") or by is not None:
            pobj = next((c for c in (by or child).children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "NOUN") and not _DOCUMENTS.fullmatch(pobj.text):
                return pobj
    # "Centcom released updated figures saying …": who published the writing
    if head.dep_ == "dobj" and head.head.pos_ == "VERB":
        publisher = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if publisher is not None and publisher.pos_ == "PROPN":
            return publisher
    return head if _WRITINGS.fullmatch(head.text) else None


def _nameless(head) -> bool:
    """A writing the words qualify only by when it came ("the latest data", "earlier reports"), or a relative pronoun
    standing for one ("reports that indicated"): an attribution that names no one."""
    if head.lower_ in ("that", "which") and head.head.dep_ == "relcl":
        head = head.head.head
    if _author(head) is not head:
        return False  # "Centcom released updated figures": whose they are is said
    qualifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
    return bool(_WRITINGS.fullmatch(head.text) and qualifiers) and all(_WHEN_ONLY.fullmatch(c.text) for c in qualifiers)


def _refers_back(speaker) -> bool:
    """A pronoun, a writing the words do not qualify ("the post says") or a bare noun that only says what kind of
    body speaks ("the group said"): it stands for the speaker last named."""
    unqualified = not any(c.dep_ in ("amod", "compound", "nmod", "poss") or _kept_at(speaker, c)
                          for c in speaker.children)
    return speaker.lower_ in _PRONOUNS or unqualified and (
        _WRITINGS.fullmatch(speaker.text) is not None or _GENERIC.fullmatch(speaker.text) is not None)


def _named(head):
    """The name a title stands beside: "the town's mayor, Petro Kovalenko" is Petro Kovalenko, and so is "the Press
    Officer of the State Police, Inspector Petro Kovalenko" (an office written with capitals); "a group called
    Saraya al-Haq" is Saraya al-Haq."""
    if head.pos_ != "NOUN" and not (head.pos_ == "PROPN" and _TITLES.fullmatch(head.text)):
        return head
    # "a group called Saraya al-Haq": the name it is called by
    called = next((n for c in head.children if c.dep_ == "acl" and c.lower_ in ("called", "named", "calling")
                   for n in c.children if n.dep_ in ("oprd", "attr", "dobj") and n.pos_ == "PROPN"), None)
    if called is not None:
        return called
    named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if named is None and _TITLES.fullmatch(head.text):
        # "a spokesman for the army, Ali Khan", "the mayor of Kharkiv, Ihor Terekhov": the parse may hang the
        # holder's name on the body or place the office is of (and tag it with the place: ORG, not PERSON)
        named = next((n for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
                      for o in c.children if o.dep_ == "pobj"
                      for n in o.children if n.dep_ == "appos" and _a_name(n)), None)
    return named if named is not None else head


def _a_name(token) -> bool:
    """A person's name set off by commas (not "(PDF)", an acronym in brackets)."""
    after_comma = token.left_edge.i > 0 and token.doc[token.left_edge.i - 1].text == ","
    return token.ent_type_ == "PERSON" or after_comma and token.pos_ == "PROPN" and token.ent_type_ not in (
        "GPE", "LOC", "NORP")


def _platform(token) -> bool:
    """Where words went out, not who spoke: "in a video on YouTube", "wrote on Telegram"."""
    on = token.head
    return token.dep_ == "pobj" and on.lower_ == "on" and (
        _MEDIA.fullmatch(on.head.text) is not None or _REPORTING.fullmatch(on.head.text) is not None)


def _subject_is(verb, kind) -> bool:
    return any(c.dep_ == "nsubj" and kind.fullmatch(c.text) for c in verb.children)


def _sources_in(sentence) -> list[tuple[int, object, tuple[int, int]]]:
    """(token index, speaker head, span) of each attribution in a sentence: the reporting verb (or "according"),
    the speaker, and the speaker's words."""
    found = []
    for token in sentence:
        if token.pos_ not in ("VERB", "AUX") or token.lower_ == "according":
            continue  # (most tokens: the word tests below need not run)
        states = _REPORTING.fullmatch(token.text) or _PUTS.fullmatch(token.text) and any(
            c.dep_ == "dobj" and _FIGURES.fullmatch(c.text) for c in token.children)
        shows = _SHOWS.fullmatch(token.text) and _subject_is(token, _WRITINGS) or _SEES.fullmatch(
            token.text) and _subject_is(token, _OBSERVERS)
        if states or shows:
            speaker = _speaker(token)
            if speaker is not None and _nameless(speaker):
                found.append((token.i, None, _phrase_of(speaker)))  # stated, but by no one the article names
            elif speaker is not None and speaker.pos_ in ("PROPN", "NOUN", "PRON"):
                speaker = _author(speaker)
                if speaker is not None:
                    speaker = _named(speaker)
                    found.append((token.i, speaker, _phrase_of(speaker)))
    for i, head in _according_to(sentence):
        author = _author(head)
        if _nameless(head):
            found.append((i, None, _phrase_of(head)))
        elif author is not None:
            author = _named(author)
            found.append((i, author, _phrase_of(author)))
    # "X said this on Telegram, Ukrinform reports.": an outlet that relays another's words is not their source
    relays = [f for f in found if f[0] == max(g[0] for g in found) and sentence.doc[f[0]].lower_ == "reports"]
    return [f for f in found if f not in relays] if len(found) > len(relays) else found


_ANOTHER_MATTER = re.compile(r"\W*(?:separately|meanwhile|elsewhere|in\s+(?:a\s+)?(?:separate|another)\s+\w+)\b",
                             re.IGNORECASE)
_LINE_BREAK = re.compile(r"\n\s*")
_RANGE_WORDS = ("to", "and", "or", "between", "from")  # the words of a range ("8,875 to 10,725")
_NOBODY = object()  # an attribution that names no one, or a count its sentence's attribution leaves out


def _in_background(above, verb: int) -> bool:
    """Whether the way up from a count to the reporting verb that governs it passes through a temporal clause or
    phrase on the claim ("after", "before", "since"): the writer's background, not what the speaker states."""
    for token in above:
        if token.i == verb:
            return False
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _BACKGROUND for c in token.children) or (
                token.dep_ == "prep" and token.lower_ in _BACKGROUND):
            return True
    return False


def _relative_after(verb, count: int) -> bool:
    """A reporting verb of a relative clause right after the count ("40, of whom the army declared 11 dead"): it
    states what it says of the count's members, not the count."""
    return any(t.lower_ in ("whom", "whose", "which") and 0 < t.i - count <= 4 for c in verb.children
               for t in (c, *c.children) if t.i < verb.i)


def _of_members(verb) -> bool:
    """A reporting verb of a relative clause on some of what came before ("12 were freed, of whom the army declared
    4 wounded", "among which"): it states only the counts it governs, neither the count it hangs from nor the
    writer's counts around it ("a statement in which the army said" is no part of anything)."""
    return any(c.dep_ == "prep" and c.lower_ in ("of", "among") and c.i < verb.i
               and any(g.lower_ in ("whom", "which") for g in c.children) for c in verb.children)


def _other_voice(sentence) -> bool:
    """Whether a sentence tells of other writings or bodies than the claim before it ("Other estimates range as
    high as 9,000", "Other groups count more"): their figures, not the claim's."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "amod" and c.lower_ in ("other", "another")
                                                         for c in t.children)
               and (_WRITINGS.fullmatch(t.text) or _GENERIC.fullmatch(t.text.rstrip("s"))) for t in sentence)


def _told_toll(noun) -> bool:
    """"confirmed the casualties", "gave these figures": a toll the words point back to."""
    return _TOLLS.fullmatch(noun.text) is not None and any(
        c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children)


class Sources:
    """The attributions of an article, read once; the named speaker a pronoun stands for. Everything a count asks
    is looked up, not scanned: a sentence or a paragraph can hold thousands of counts."""

    def __init__(self, doc, text: str):
        self.doc = doc
        self.text = text  # the doc's own (doc.text would join every token afresh)
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
        self._attributed = [k for k, found in enumerate(self.by_sentence) if found]  # the sentences with any
        self._candidates: dict[int, list[Words]] = {}
        self._lines: dict[int, tuple[list[int], list[tuple[dict, list]]]] = {}  # by sentence, when first asked
        self._entities: dict[str, list] = {}  # the organisations and the people named, by entity label
        self._other_voices: dict[int, bool] = {}  # by sentence, when first asked
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
                if speaker is not None and not _refers_back(speaker):
                    # an acronym ("PDF", "ISPR") names a body, whatever the entity recognizer says
                    kind = "person" if speaker.ent_type_ == "PERSON" and not speaker.text.isupper() else "other"
                    last[kind] = last["any"] = words_at(self.text, *span)
        return before + [last]

    def resolve(self, speaker, span: tuple[int, int], before: int) -> Words | None:
        """A named speaker as written; a pronoun as the speaker last named before it; None for an attribution that
        names no one (its speaker None)."""
        if speaker is None:
            return None
        if _refers_back(speaker):
            person = speaker.lower_ in ("he", "she", "his", "her", "him")
            k = bisect.bisect_left(self.sentence_chars, before)
            if speaker.lower_ in _PRONOUNS and k < len(self.by_sentence):
                # "The group said it was behind the attack and estimated the toll at 20": the speaker its own
                # sentence named before it (of any kind for "it": the entity recognizer often calls a group a person)
                right = bisect.bisect_left(self.by_position[k], (speaker.i, -1))
                for _, n in reversed(self.by_position[k][max(right - 3, 0):right + 1]):  # the nearest few: bounded
                    _, s, span = self.by_sentence[k][n]
                    if s is not None and s.i < speaker.i and not _refers_back(s) and (
                            not person or s.ent_type_ == "PERSON"):
                        return words_at(self.text, *span)
            named = self._speakers_before[k]
            # a body's kind ("the group") takes whoever was named last: the entity recognizer often calls a group a
            # person
            generic = _GENERIC.fullmatch(speaker.text) is not None
            found = named["any"] if generic else named["person" if person else "other"] or named["any"]
            if found is None and generic:
                found = self._body_before(speaker)  # "… where Arakan Army insurgents advance, the group said"
            if found is None and person:
                found = self._person_before(speaker)  # "Oleh Syniehubov spoke to reporters. '…,' he said."
            if found is not None or speaker.lower_ in _PRONOUNS:
                return found
        return words_at(self.text, *span)  # a writing or a kind of body the article names nothing for

    def _body_before(self, token) -> Words | None:
        """The last organisation the article names before a token, for "the group" when no speaker was named (not
        a platform words went out on: "in a video on YouTube")."""
        return self._named_before(token, "ORG")

    def _person_before(self, token) -> Words | None:
        """The last person the article names before a token, for "he" or "she" when no speaker was named."""
        return self._named_before(token, "PERSON")

    def _named_before(self, token, label: str) -> Words | None:
        if label not in self._entities:  # found when first asked for
            self._entities[label] = [e for e in self.doc.ents if e.label_ == label and not _platform(e.root)]
        before = [e for e in self._entities[label] if e.end <= token.i]
        return words_at(self.text, before[-1].start_char, before[-1].end_char) if before else None

    def of_sentence(self, k: int, near: int) -> Words | None:
        """The attribution of sentence k nearest token `near`: the innermost reporting verb above it, else the
        nearest in the sentence ("X said, adding that Y; the AP reported": X's)."""
        found = self._of_sentence(k, near)
        return None if found is _NOBODY else found

    def _of_sentence(self, k: int, near: int):
        """of_sentence, or _NOBODY where the sentence's own attribution names no one or leaves the count out (nothing
        carries over to it then)."""
        if not self.by_sentence[k]:
            return None
        above = list(up(self.doc[near])) if near < len(self.doc) else []
        by_token, by_position = self.by_token[k], self.by_position[k]
        if near < len(self.doc):
            # a sentence the parse ran over a line break: an attribution of the count's own line (paragraph) speaks
            breaks, lines = self._lines_of(k)
            own, positions = lines[bisect.bisect_right(breaks, self.doc[near].idx)]
            if own:
                by_token, by_position = own, positions
        governing = next((by_token[t.i] for t in above if t.i in by_token), None)
        if governing and _in_background(above, governing[0]) and not self._quoted(near):
            return _NOBODY  # "accused Armenia …, a day after three were killed": the writer's, not the claim's
        if governing:
            i, speaker, span = governing
        else:
            # an attribution in the count's own clause tells of another count ("40, of whom the army declared 11
            # dead"): not of this one; nor does one in the writer's background ("Since the army declared victory, …")
            inside = self.sentences[k].start <= near < self.sentences[k].end  # not a claim carried from sentence k
            positions = [(t, n) for t, n in by_position if not _of_members(self.doc[t]) and (not inside or not (
                _relative_after(self.doc[t], near) or any(a.i == near for a in up(self.doc[t]))
                or _in_background(up(self.doc[t]), -1)))]
            if not positions:
                return _NOBODY
            right = bisect.bisect_left(positions, (near, -1))
            nearby = positions[max(right - 1, 0):right + 1]
            # the nearest; on a tie the one read first, as min() over the list picks it
            _, n = min(nearby, key=lambda p: (abs(p[0] - near), p[1]))
            i, speaker, span = self.by_sentence[k][n]
        return _NOBODY if speaker is None else self.resolve(speaker, span, self.sentences[k].start_char)

    def _lines_of(self, k: int) -> tuple[list[int], list[tuple[dict, list]]]:
        """Where sentence k's lines begin after the first, and each line's attributions (by token, by position):
        found once per sentence, since a sentence of many lines may hold many counts."""
        if k not in self._lines:
            sentence = self.sentences[k]
            breaks = [m.end() for m in _LINE_BREAK.finditer(self.text, sentence.start_char, sentence.end_char)
                      if m.end() < sentence.end_char]
            lines: list[tuple[dict, list]] = [({}, []) for _ in range(len(breaks) + 1)]
            for t, found in self.by_token[k].items():
                lines[bisect.bisect_right(breaks, self.doc[t].idx)][0][t] = found
            for t, n in self.by_position[k]:
                lines[bisect.bisect_right(breaks, self.doc[t].idx)][1].append((t, n))
            self._lines[k] = (breaks, lines)
        return self._lines[k]

    def _quoted(self, i: int) -> bool:
        """Whether token i stands inside a quotation of its paragraph: the speaker's own words, background and all."""
        at = self.doc[i].idx
        before = self.text[paragraph_of(self.text, at)[0]:at]
        return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1

    def _opens(self, k: int, i: int) -> bool:
        """Whether the attribution at token i opens what it reports (its claim follows it) rather than closing it."""
        token = self.doc[i]
        if token.lower_ in ("according", "as", "per") or any(c.dep_ == "mark" and c.lower_ == "as"
                                                              for c in token.children):  # "as reported by X"
            return token.i < self.sentences[k].root.i  # "According to X, …" opens; "…, according to X." closes
        return any(c.dep_ in ("ccomp", "xcomp") and c.i > token.i for c in token.children)

    def _promises(self, j: int) -> bool:
        """Whether every attribution of sentence j reports only what is to come ("said they will keep up the raids"):
        a threat or a plan, which the facts told after it do not continue."""
        claims = [c for i, _, _ in self.by_sentence[j] for c in self.doc[i].children if c.dep_ in ("ccomp", "xcomp")]
        return bool(claims) and all(hypothetical(c) for c in claims)

    def candidates(self, k: int) -> list[Words]:
        """Every speaker the sentence names, and the one the paragraph carries into it; then those of the sentences
        around it, nearest first (the one before first): a number's speaker is often named only in the sentence
        after it ("The figures came from the ministry"), or before it; then the rest of its paragraph's and the
        next paragraph's (a claim carries through its paragraph, and a sentence referring back names its source even
        in the next one: eval/GUIDE.md, Places and sources); while they are fewer than a question offers, those of
        the rest of the article, nearest first (calib, never read for errors: gold's source offered 0.958 -> 0.965)."""
        if k not in self._candidates:
            found = self._speakers(k)
            carried = self.for_count(k, self.sentences[k].start) if not found else None
            around = [w for j in nearest_first(k, len(self.sentences), SPEAKERS_NEAR)[1:] for w in self._speakers(j)]
            told = [w for j in self._paragraphs_of(k) for w in self._speakers(j)]
            # too few? the speakers of the rest of the article, nearest first
            self._candidates[k] = filled(distinct(found + ([carried] if carried else []) + around + told),
                                         (self._speakers(j) for j in beyond(k, self._attributed, SPEAKERS_NEAR)),
                                         len(OPTION_LETTERS))
        return self._candidates[k]

    def _paragraphs_of(self, k: int) -> list[int]:
        """The sentences of sentence k's paragraph and of the next one."""
        own = paragraph_of(self.text, self.sentences[k].start_char)
        last = next_paragraph(self.text, own[1])[1]
        return [j for j, s in enumerate(self.sentences) if own[0] <= s.start_char < last]

    def _speakers(self, k: int) -> list[Words]:
        return [w for _, speaker, span in self.by_sentence[k]
                if (w := self.resolve(speaker, span, self.sentences[k].start_char)) is not None]

    def for_count(self, k: int, near: int) -> Words | None:
        """The source of a count in sentence k, at token `near`."""
        found = self._of_sentence(k, near)
        if found is _NOBODY:
            return None
        if found:
            return found
        # "793. Total soldiers killed since the war began, according to the army.": a lone number is told, and
        # sourced, by the sentence after it; so is one alone on the last line of a sentence the parse ran over a
        # line break
        sentence = self.sentences[k]
        first = min(near, sentence.end - 1)
        if sentence.end - first <= 8:  # bounded: a count far from its sentence's end is not alone on its line
            line_start = self.text.rfind("\n", max(sentence.start_char, self.doc[first].idx - 80),
                                         self.doc[first].idx) + 1
            while first > sentence.start and self.doc[first - 1].idx >= line_start and sentence.end - first <= 8:
                first -= 1
        alone = self.doc[first:sentence.end]
        following = k + 1 < len(self.sentences) and self.by_sentence[k + 1] and len(alone) <= 8
        if following and all(t.like_num or t.is_punct or t.is_space or t.pos_ == "NUM" or t.lower_ in _RANGE_WORDS
                             for t in alone):
            return self.of_sentence(k + 1, self.sentences[k + 1].end)
        paragraph = paragraph_of(self.text, self.sentences[k].start_char)
        # a bulleted line continues the paragraph that introduced the list ("the deaths are as follows:")
        while _BULLET.match(self.text, paragraph[0]) and paragraph[0] > 0:
            paragraph = (paragraph_of(self.text, paragraph[0] - 1)[0], paragraph[1])
        # a claim attributed earlier in the paragraph carries over, unless the sentence turns to another matter
        # ("Separately, five civilians were killed")
        j = self._with_attribution[k - 1] if k else -1
        if k not in self._other_voices:
            self._other_voices[k] = _other_voice(self.sentences[k])
        turns = _ANOTHER_MATTER.match(self.text, self.sentences[k].start_char) is not None or self._other_voices[k]
        if j >= 0 and self.sentences[j].start_char >= paragraph[0] and not self._promises(j) and not turns:
            if (found := self.of_sentence(j, self.sentences[j].end)) is not None:
                return found
        # a claim that opens a list ("SOHR documented …; the deaths are as follows:") holds over the list's lines and
        # headings, to the next attribution
        if j >= 0 and self.text[:paragraph_of(self.text, self.sentences[j].start_char)[1]].rstrip().endswith(":"):
            if (found := self.of_sentence(j, self.sentences[j].end)) is not None:
                return found
        # an attribution that closes the paragraph's run ("…, he said."), not one that opens a claim of its own
        # ("Police said the killing may be related", "The air force claimed to have intercepted …") unless it says
        # it goes on from what came before ("It added that …")
        for j in range(k + 1, len(self.sentences)):
            if self.sentences[j].start_char >= paragraph[1]:
                break
            if self.by_sentence[j]:
                if all(self._opens(j, i) and not _ADDS.fullmatch(self.doc[i].text) for i, _, _ in self.by_sentence[j]):
                    break
                return self.of_sentence(j, self.sentences[j].end)
        # a quotation that opens its paragraph continues the attribution the paragraph before made ("That's
        # according to the Air Force, Ukrinform reports." then "“On the night of … 31 drones …”"), through a run
        # of quoted paragraphs
        opens = paragraph[0]
        for _ in range(8):  # bounded: a count must not walk back over an article of quotations
            if self.text[opens:opens + 1] not in ("\"", "“") or opens == 0:
                break
            end = opens - 1
            while end > 0 and self.text[end].isspace():
                end -= 1
            previous = paragraph_of(self.text, end)[0]
            before = self._with_attribution[bisect.bisect_left(self.sentence_chars, opens) - 1]
            if before >= 0 and self.sentences[before].start_char >= previous:
                return self.of_sentence(before, self.sentences[before].end)
            opens = previous
        # a sentence that refers back to it from the next paragraph ("This was announced by…")
        following = self.sentences[k + 1] if k + 1 < len(self.sentences) else None
        if following is not None and following.start_char >= paragraph[1]:
            for i, speaker, span in self.by_sentence[k + 1]:  # "Valentyn Reznichenko … reported this on Telegram."
                if any(c.dep_ == "dobj" and (c.lower_ in ("this", "that") or _told_toll(c))
                       for c in self.doc[i].children):
                    return self.resolve(speaker, span, following.start_char)
            back = _BACK_REFERENCE.match(following.text)
            if back:
                group = next(g for g in back.groups() if g)
                start = following.start_char + following.text.index(group)
                return Words(group, start, start + len(group))
        return None
