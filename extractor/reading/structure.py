"""What the parse says about one count: the noun it counts, the predicate that governs that noun and how (its
subject, object, a list it stands in), whether the predicate is negated or only planned, and the words of the
predicate that state a role.

Works on spaCy tokens (extractor.reading.parse); the word lists that give the words their meaning are the project's
vocabulary (extractor.schemas.vocab)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..schemas.vocab import (
    DENIAL_WORDS,
    INTENT_WORDS,
    MODAL_WORDS,
    NEGATION_WORDS,
    REPORTING_WORDS,
    ROLE_WORDS,
    words,
)

_NEGATION = words(NEGATION_WORDS)
_DENIAL = words(DENIAL_WORDS)
_MODAL = words(MODAL_WORDS)
_INTENT = words(INTENT_WORDS)
_REPORTING = words(REPORTING_WORDS)
_SUBCOUNT = ("including", "among", "incl")
# Verbs that give a count to their subject: "the death toll rose to 30", "the number of dead reached 35".
_RISE = words(r"rose|rises|risen|rising|reached|reaches|climbed|climbs|increased|increases|stands|stood|stand|hit|"
              r"jumped|grew|totall?ed|totals|total|was|is|are|were|reach|rise|climb|increase|exceeded|passed|topped")
_NOMINAL = {"NOUN", "PROPN", "PRON"}
_SUFFER = words(r"suffered|sustained|received")
_INJURIES = words(r"wounds?|injur(?:y|ies)|burns|fractures?|concussions?|barotrauma|bruises")
_CONDITION = words(r"serious|critical|moderate|severe|grave|stable|life-threatening")  # "in … condition": hurt
_PREDICATE = {"VERB", "AUX"}
_LEAVE = words(r"left|leave|leaves|leaving")
_INCLUDE = words(r"include|includes|included|including")
# What hits a person and wounds them: "hit by shrapnel"
_WOUNDERS = words(r"shrapnel|debris|fragments?|bullets?|gunfire|shots?")
# The words of a participle or adjective that says what befell people ("killed", "wounded", "hurt", "abducted").
_BEFELL = words("|".join(ROLE_WORDS[role] for role in ("killed", "injured", "captured", "missing")))
# Relations that only name, list or restate: the predicate is further up ("missiles and 106 drones", "(two
# explosions)").
_THROUGH = {"conj", "appos", "compound", "nummod", "quantmod", "nmod", "amod", "cc", "punct", "npadvmod", "dep"}


@dataclass(frozen=True)
class Structure:
    number: object  # the number's head token
    noun: object | None  # the token of what it counts, when the parse says ("drones" in "51 of the drones")
    predicate: object | None  # the verb that governs it ("shot", "killed", "were"), None at a fragment's root
    relation: str  # how the count (or its noun) hangs from the predicate: nsubj, nsubjpass, dobj, pobj:with, …
    phrase: str  # the predicate's words that may state a role ("shot down", "failed to stop", "were killed")
    path_words: str  # the nouns between the count and its predicate ("bodies of", "toll of", "total of")
    negated: bool
    hypothetical: bool  # planned, possible or conditional: "could accommodate", "plans to send"
    part_of: object | None = None  # the token of the total it is part of ("including two children": "people")
    partitive_total: bool = False  # the whole of which a part is told: "99% of the 300 or so munitions"
    described: str = ""  # a clause on the counted noun ("two rockets landing in populated areas")
    partitive_one: bool = False  # "one of the bombardments": a member of a group, not a count of it

    @property
    def agent(self) -> bool:
        """The count is who acts, not who undergoes: "three gunmen killed five" (the gunmen)."""
        return self.relation in ("nsubj", "pobj:by") and self.predicate is not None and any(
            c.dep_ in ("dobj", "attr") for c in self.predicate.children)


def number_token(span):
    """The token that carries a number's value within its words ("35" in "at least 35")."""
    numeric = [t for t in span if t.like_num or t.pos_ == "NUM"]
    if span.root in numeric:
        return span.root
    return numeric[-1] if numeric else span.root


def counted_noun(number):
    """The noun a number counts: its head through nummod/compound ("64 Shahed drones"), or the object of its "of"
    ("51 of the drones"); None when the number stands alone ("Fifteen were destroyed")."""
    token = number
    while token.dep_ in ("nummod", "quantmod", "compound", "conj") and token.head.pos_ == "NUM" \
            and token.head.i != token.i:
        token = token.head
    if token.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod") and token.head.pos_ in _NOMINAL \
            and token.head.i > number.i:
        noun = token.head
        while noun.dep_ == "compound" and noun.head.pos_ in _NOMINAL and noun.head.i > noun.i:
            noun = noun.head
        return noun
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        return next((c for c in of.children if c.dep_ == "pobj"), None)
    return None


_PARTICLES = ("down", "off", "out", "up", "back", "over", "astray", "short")


def _phrase(verb) -> str:
    """A verb with its particle and negation as one phrase: "shot down", "did not reach", "failed to stop"."""
    children = list(verb.children)  # (asked of a dozen times below: each walk makes its tokens afresh)
    tokens = [verb] + [c for c in children if c.dep_ in ("prt", "neg", "auxpass", "aux")
                       and (c.dep_ != "aux" or c.lower_ in ("did", "do", "does"))]
    tokens += [c for c in children if c.lower_ in _PARTICLES and c.i == verb.i + 1]
    tokens += [c for c in children if c.lower_ == "fatally" and c.dep_ == "advmod"]  # "fatally wounded": killed
    dead = [c for c in children if c.lower_ == "dead" and c.i - verb.i <= 3]  # "shot (him) dead"
    # "left 60 people dead or wounded"
    tokens += dead + [g for c in dead for g in c.children if g.dep_ in ("cc", "conj") and g.i - c.i <= 2]
    tokens += [t for c in children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children
               if g.dep_ == "pobj" and g.lower_ in ("death", "hell", "hospital", "clinic")
               for t in (c, g)]  # "beaten to death", "taken to hospital"
    # "was among the dead": the group it is among says what happened
    among = [g for c in children if c.dep_ == "prep" and c.lower_ == "among" for g in c.children
             if g.dep_ == "pobj"]
    tokens += [g for g in among if g.pos_ in ("NOUN", "ADJ", "VERB")]  # "among the injured"
    # "was among those wounded", "among three people killed": the participle on the group says it
    tokens += [c for g in among for c in g.children if c.dep_ in ("acl", "amod", "relcl") and c.pos_ in ("VERB", "ADJ")]
    # "failed to stop", "managed to shoot down": the verb it governs says more
    tokens += [c for c in children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    tokens += [g for c in children if c.dep_ == "xcomp" for g in c.children if g.dep_ in ("prt", "aux")]
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
        tokens.append(verb.head)
    if verb.dep_ == "acomp":
        tokens.append(verb.head)
    # "killed or injured": a verb coordinated with it that shares its subject, right after it (not "killed 5 and
    # injured 23", each with its object)
    shared = [c for c in children if c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ") and c.i - verb.i <= 3
              and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
              and not any(g.dep_ == "dobj" and verb.i < g.i < c.i for g in children)]
    tokens += shared + [c for c in children if c.dep_ == "cc" and shared and c.i < shared[0].i]
    # "killed and wounded 30 people": the object hangs from the second verb, the first shares it
    first = verb.head if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and verb.i - verb.head.i <= 3 else None
    if first is not None and not any(g.dep_ in ("dobj", "nsubj", "nsubjpass") and first.i < g.i < verb.i
                                     for g in first.children) and not any(
            g.dep_ in ("nsubj", "nsubjpass") for g in children):
        tokens += [first] + [c for c in first.children if c.dep_ == "cc" and first.i < c.i < verb.i]
    # "went missing": the state the verb puts its subject in
    tokens += [c for c in children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "ADJ" and c.i == verb.i + 1]
    # "those killed included", "the wounded include": the casualties the subject names
    if _INCLUDE.fullmatch(verb.text):
        subjects = [c for c in children if c.dep_ == "nsubj"]
        tokens += subjects + [g for c in subjects for g in c.children if g.dep_ in ("acl", "amod")]
    # "left a cyclist dead": what it left the person
    tokens += [state for c in children if c.dep_ == "dobj" and (state := left_as(verb, c)) is not None]
    # "took the lives of": the object names what happened
    tokens += [c for c in children if c.dep_ in ("dobj", "attr", "acomp", "oprd") and c.pos_ in ("NOUN", "ADJ")]
    return " ".join(t.text for t in sorted(set(tokens), key=lambda t: t.i))


def _negated(*tokens) -> bool:
    """A "not" on the predicate, or a "no"/"none" on the count ("no one was killed"), or a verb of denial that
    governs the predicate ("denied losing six missiles", "denied that 40 were killed")."""
    predicate = tokens[0]
    denied = predicate is not None and any(
        _DENIAL.fullmatch(t.text) for t in [predicate, *itertools.islice(predicate.ancestors, 2)])
    return denied or any((c.dep_ == "neg" or (c.dep_ == "det" and _NEGATION.fullmatch(c.text))) and not _bound(c)
                         for token in tokens if token is not None for c in token.children)


def _bound(token) -> bool:
    """The "no" or "not" of a bound on a count ("No fewer than 35 drones", "not less than 12"): no negation."""
    doc = token.doc
    return token.lower_ in ("no", "not") and token.i + 2 < len(doc) and doc[token.i + 1].lower_ in (
        "fewer", "less", "more") and doc[token.i + 2].lower_ == "than"


def hypothetical(verb) -> bool:
    """A modal ("could", "would", "will") on the predicate, or a verb of intent above it ("plans to send"). An
    estimate is not hypothetical: "may have been killed", "could be as high as 200,000"."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(_MODAL.fullmatch(c.text) for c in auxes):
        perfect = any(c.lower_ == "have" for c in auxes)
        return not perfect and verb.lower_ not in ("be", "been")
    head = verb
    for _ in range(3):
        if head.dep_ in ("xcomp", "ccomp", "advcl", "pcomp") and head.head.i != head.i:
            head = head.head
            if _REPORTING.fullmatch(head.text):
                return False  # "said it had fired": reported, not planned
            if _INTENT.fullmatch(head.text) or any(c.dep_ == "aux" and _MODAL.fullmatch(c.text)
                                                   for c in head.children if head.dep_ == "xcomp"):
                return True
        else:
            break
    return False


def _own_clause(number):
    """A relative clause on a number that stands for what it counts: "including one that hit a construction site"
    (not a clause that describes a noun: "15 drones fired by the Houthis were shot down")."""
    return next((c for c in number.children if c.dep_ == "relcl" and c.pos_ == "VERB"), None)


def _with_injuries(token) -> str:
    """The injuries a person or their predicate is said to have ("a woman with bruised wounds", "was rushed to
    hospital with burns", "was hit by shrapnel", "a man in critical condition"), as words that state the role; ""
    when none."""
    for prep in (c for t in (token, *(c for c in token.children if c.dep_ == "xcomp")) for c in t.children):
        if prep.dep_ == "prep" and prep.lower_ == "with":
            if any(c.dep_ == "pobj" and _INJURIES.fullmatch(c.text) for c in prep.children):
                return "injured"
        if prep.dep_ == "prep" and prep.lower_ == "in" and any(  # "a man in critical condition", "was in …"
                c.dep_ == "pobj" and c.lower_ == "condition" and any(_CONDITION.fullmatch(a.text) for a in c.children)
                for c in prep.children):
            return "injured"
        if prep.dep_ == "agent" and token.lower_ in ("hit", "struck") and any(
                c.dep_ == "pobj" and _WOUNDERS.fullmatch(c.text) for c in prep.children):
            return "injured"
    return ""


def gapped_participle(first, last):
    """The participle of a subject whose verb the sentence leaves out, as a list of casualties does ("a guard was
    killed and a driver wounded", "one died and three others hurt"): the word right after the subject (past an
    adverb: "badly hurt") when it says what befell people and the subject follows "and" or a comma; else None.
    `first` and `last` are the subject's first and last tokens."""
    doc = last.doc
    if first.i == 0 or doc[first.i - 1].lower_ not in ("and", ","):
        return None
    i = last.i + 1
    while i < len(doc) and i - last.i <= 2 and doc[i].pos_ == "ADV":
        i += 1
    word = doc[i] if i < len(doc) else None
    participle = word is not None and (word.tag_ in ("VBN", "VBD", "JJ") or word.lower_ == "hurt") and not any(
        c.dep_ == "dobj" for c in word.children)  # not the verb of an active subject: "an ambush killed fifty"
    return word if participle and _BEFELL.fullmatch(word.text) else None


def with_participle(noun):
    """The participle of people a "with" clause adds to what it tells ("he was killed, with three members of his
    household abducted"): their own predicate, not the verb "with" hangs from; else None."""
    if noun is None or noun.dep_ != "pobj" or noun.head.lower_ != "with":
        return None
    return next((t for t in noun.subtree if t.dep_ == "acl" and t.tag_ == "VBN" and t.i - noun.i <= 6
                 and _BEFELL.fullmatch(t.text)), None)


def left_as(verb, person):
    """What an attack left a person, the object of "left" ("left a cyclist dead", "leaving a child wounded"): the word
    after the person that says what befell them, else None."""
    if not _LEAVE.fullmatch(verb.text) or person.dep_ != "dobj":
        return None
    return next((c for c in (*verb.children, *person.children) if c.i > person.i and _BEFELL.fullmatch(c.text)
                 and c.dep_ in ("oprd", "amod", "acomp", "xcomp", "advcl", "ccomp")), None)


def structure(span) -> Structure:
    """Read the structure around the tokens of one count."""
    if span[0].lower_ in ("a", "an") and span[0].dep_ == "det" and span.root.i > span[0].i:
        number = noun = span.root  # a count of one: "a 58-year-old man" counts the man, not the years
    else:
        number = number_token(span)
        noun = counted_noun(number)
    partitive = number.dep_ == "pobj" and number.head.lower_ == "of" and (
        number.head.head.like_num or number.head.head.lower_ in ("%", "percent", "all", "most", "half", "majority")) \
        or (noun is not None and noun.i > number.i and noun.dep_ == "pobj" and noun.head.lower_ == "of"
            and noun.head.head.i != number.i
            and (noun.head.head.like_num or noun.head.head.lower_ in ("%", "percent", "all", "most", "half")))
    token = noun if noun is not None and noun.i > number.i and noun.dep_ != "pobj" else number
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i == number.i:
        token = number  # "51 of the drones": the number is what the verb governs
    path, relation, total = [], "", None
    predicate = None
    own = _own_clause(number)
    if own is not None and number is noun and number.dep_ in ("nsubj", "nsubjpass", "dobj") \
            and number.head.pos_ in _PREDICATE:
        own = None  # "a volunteer who was delivering aid was killed": the clause says who, the verb above what befell
    if own is not None:
        # "a man who suffered a shrapnel wound": what the person suffered is in the clause's words, however parsed
        # (its next 60 characters from its next 60 tokens: doc.text would join the whole article's afresh)
        suffered = own.doc[own.i:own.i + 60].text_with_ws[:60] if _SUFFER.fullmatch(own.text) else ""
        return Structure(number, noun, own, "relcl", _phrase(own), "", _negated(own, number, noun),
                         hypothetical(own), None, partitive, suffered)
    for _ in range(10):
        dep, head = token.dep_, token.head
        if head.i == token.i:
            break
        if dep == "pobj" and head.lower_ in _SUBCOUNT and total is None:
            # "including two children": a part of the count "including" hangs from; its predicate is the total's
            total = head.head if head.head.pos_ in _NOMINAL | {"NUM"} else next(
                (c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")), None)
            token = head
            continue
        if dep == "pobj":
            relation = f"pobj:{head.lower_}"
        elif dep not in _THROUGH or not relation:
            relation = dep
        if head.pos_ in _PREDICATE or (head.pos_ == "ADJ" and head.dep_ in ("acomp", "ROOT")):
            predicate = head
            break
        if head.pos_ in _NOMINAL and dep in ("pobj", "prep", "nummod", "appos", "compound", "nmod", "amod", "poss"):
            path.append(head)
        token = head
    if predicate is not None and relation in ("pobj:to", "pobj:at", "dobj", "attr", "prep") and _RISE.fullmatch(
            predicate.text):
        # "the death toll rose to 30": what is counted is the subject's
        subject = next((c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.pos_ in _NOMINAL:
            path += [t for t in subject.subtree if t.pos_ in _NOMINAL | {"ADJ"}]
    if relation == "npadvmod" and number is noun and predicate is not None:
        # "A farmer, his wife and a neighbour were wounded": the parse hangs the list's head apart from the subject
        # that follows it; it is the first of that subject's list
        subject = next((c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")
                        and number.i < c.i < predicate.i), None)
        relation = subject.dep_ if subject is not None else relation
    if number is noun and noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and noun.head.i < noun.i \
            and predicate is not None and predicate.i > noun.i \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in predicate.children):
        # "In the centre of Kherson, a 36-year-old man sustained …": the parse hangs the subject on the place the
        # sentence opens with, and leaves the verb after it without one; it is that verb's subject
        relation, path = "nsubjpass" if any(c.dep_ == "auxpass" for c in predicate.children) else "nsubj", []
    gap = gapped_participle(span[0], noun if noun is not None and noun.i > number.i else number)
    if gap is not None and (predicate is None or predicate.i < span[0].i):
        # the verb the parse gives stands before the subject: the one of the clause before ("… was killed and a
        # driver wounded"), not this subject's own
        predicate, path = gap, []
    elif (added := with_participle(noun)) is not None:
        predicate, relation, path = added, "nsubjpass", []
    phrase = _phrase(predicate) if predicate is not None else ""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"), None) \
        if noun is not None else None
    # "a man with shrapnel wounds", "a man was hospitalised with shrapnel wounds"
    # (a number standing alone too: "left 30 with wounds")
    hurt = (_with_injuries(number if noun is None else noun)
            or (_with_injuries(predicate) if predicate is not None else "")) if number is noun or noun is None else ""
    return Structure(number, noun, predicate, relation or "", phrase,
                     " ".join(t.text for t in path), _negated(predicate, number, noun),
                     predicate is not None and hypothetical(predicate), total, partitive,
                     hurt or (_phrase(clause) if clause is not None else ""),
                     noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i == number.i
                     and number.lower_ == "one")


def numbering(s: Structure) -> bool:
    """The number is what a group numbers: "militants numbering around 300", "a force numbered at 2,000"."""
    return s.number.head.lower_ in ("numbering", "numbered") and (s.number.head.dep_ == "acl" or (
        s.number.head.dep_ in ("csubj", "csubjpass") and _subject_of(s.number.head) is not None))


def _subject_of(verb):
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def in_number_of(s: Structure):
    """Whom "N in number" counts: the noun it stands beside ("the raiders, eight in number"), else the subject of
    the verbs above it ("the gunmen were believed to be six in number"); "militants numbering around 300" count
    the militants; the number itself when none of these."""
    if s.number.dep_ == "appos" or numbering(s):
        if s.number.dep_ != "appos" and s.number.head.dep_ != "acl":
            return _subject_of(s.number.head)  # "Security forces numbering 600 were rushed …" parsed as a clause
        return s.number.head if s.number.dep_ == "appos" else s.number.head.head
    for verb in itertools.islice(itertools.chain([s.number.head], s.number.head.ancestors), 3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return s.number
