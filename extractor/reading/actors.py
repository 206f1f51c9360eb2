"""What happened, by whom, to whom: for a count, the kind of violence its sentence names (ACLED's event and sub-event
type, from schemas.vocab.EVENT_KINDS) and the sides it names, as written — the attacker (the subject or agent of a
verb of violence, or the people, group or state named before a noun of it: "Russian forces launched", "killed by
Russian shelling", "the RSF drone strike") and the attacked (its object or what it fell "on", when that is a side or
people, never a place). Nothing is guessed: a sentence that names no side gives none; the few sentences before it in
its paragraph are read when it names none. The work is bounded per token, so a sentence of 100 KB costs no more than
its length."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from ..schemas.vocab import ACTOR_NOUNS, CUMULATIVE_WORDS, EVENT_KINDS, TARGET_NOUNS, VIOLENCE_NOUNS, VIOLENCE_VERBS, words
from .spans import Words

_CUMULATIVE = words(CUMULATIVE_WORDS)
_KINDS = tuple((kind, words(pattern)) for kind, pattern in EVENT_KINDS)
_VERB = re.compile(VIOLENCE_VERBS, re.IGNORECASE)
_NOUN = re.compile(VIOLENCE_NOUNS, re.IGNORECASE)
_ACTOR = re.compile(ACTOR_NOUNS, re.IGNORECASE)
_TARGET = re.compile(TARGET_NOUNS, re.IGNORECASE)
_SIDES = ("NORP", "ORG", "GPE", "PERSON")  # entities that may name a side
_ATTACKED = ("NORP", "ORG")  # of those, the ones that name the attacked: a GPE (or a town the parse takes for a
# person: "an attack on Kyiv") is where it fell
_MODIFIERS = ("amod", "compound", "poss", "nmod")
_BEFORE = 3  # sentences read back within the paragraph


@dataclass(frozen=True)
class What:
    """The kind of violence a count's sentence names, and its sides as written."""

    kind: tuple[str, str] | None = None
    attacker: Words | None = None
    attacked: Words | None = None
    cumulative: bool = False  # the count is a total over a span of time ("since October")
    violent: bool = False  # an act of violence is named, typed or not ("six militants attacked the post")


def kind_named(text: str) -> tuple[str, str] | None:
    """The first of ACLED's types whose words the text names, else None."""
    return next((kind for kind, pattern in _KINDS if pattern.search(text)), None)


def _entity(token):
    """The named entity the token is part of, else None."""
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _side(token, attacked: bool = False) -> Words | None:
    """The side a token names, as written: a people, group or state ("Russia", "the RSF"), with the noun it qualifies
    when that is a word for a side ("Russian forces"); or a word for a side with its qualifiers ("armed gunmen");
    for the attacked, also the people an attack falls on ("civilians")."""
    doc, entity = token.doc, _entity(token)
    if entity is not None and entity.label_ in (_ATTACKED if attacked else _SIDES):
        head = entity.root.head
        return _words(doc[entity.start:head.i + 1 if head.i >= entity.end and _ACTOR.fullmatch(head.text)
                          else entity.end])
    if _ACTOR.fullmatch(token.text) or (attacked and _TARGET.fullmatch(token.text)):
        # with what qualifies it, after any determiner, pronoun or number: "Hamas-led militants", "his forces"
        start = next((t.i for t in doc[token.left_edge.i:token.i] if t.pos_ not in ("DET", "PRON", "NUM")), token.i)
        return _words(doc[start:token.i + 1])
    return None


def _words(span) -> Words:
    # the span's own text: doc.text would join the whole article afresh at each call
    return Words(span.text, span.start_char, span.end_char)


def _qualifier_side(token, attacked: bool = False, depth: int = 3) -> Words | None:
    """A side named before a noun ("Russian drones", "the RSF drone strike": its qualifiers and theirs, to a depth),
    nearest the noun first."""
    for child in reversed([t for t in token.lefts if t.dep_ in _MODIFIERS]):
        found = _side(child, attacked) or (_qualifier_side(child, attacked, depth - 1) if depth > 1 else None)
        if found is not None:
            return found
    return None


def _child(token, *deps):
    return next((t for t in token.children if t.dep_ in deps), None)


def _object_of(token, preposition: str):
    prep = next((t for t in token.children if t.dep_ in ("prep", "agent") and t.text.lower() == preposition), None)
    return _child(prep, "pobj", "pcomp") if prep is not None else None


def _sides(sentence) -> tuple[Words | None, Words | None, bool]:
    """The attacker and the attacked one sentence names, the first of each in its words, and whether it names an act
    of violence."""
    attacker = attacked = None
    violent = False
    for token in sentence:
        if attacker is not None and attacked is not None:
            break
        found = (None, None)
        if token.pos_ in ("VERB", "AUX") and _VERB.fullmatch(token.text) and _child(token, "prt") is None:
            violent = True
            # (not "shot down", "fired back": those who intercept or answer are not the attacker)
            passive = _child(token, "nsubjpass", "auxpass") is not None
            doer = _object_of(token, "by") if passive else _child(token, "nsubj")
            done = _child(token, "nsubjpass") if passive else _child(token, "dobj")
            found = (doer is not None and (_side(doer) or _qualifier_side(doer)),
                     done is not None and _side(done, attacked=True) or _on(token))
        elif token.pos_ in ("NOUN", "PROPN") and _NOUN.fullmatch(token.text):
            violent = True
            doer = _object_of(token, "by")
            found = ((_side(doer) if doer is not None else None) or _qualifier_side(token), _on(token))
        attacker = attacker or found[0] or None
        attacked = attacked or found[1] or None
    return attacker, attacked, violent


def _on(token) -> Words | None:
    target = _object_of(token, "on") or _object_of(token, "against")
    return _side(target, attacked=True) if target is not None else None


def what(sentences, k: int, paragraph_start: int, named: dict[int, tuple] | None = None) -> What:
    """What the k-th sentence names: its kind of violence and its sides, each from the nearest sentence before it in
    its paragraph (from `paragraph_start`, a character offset) when it names none. `named`: the caller's record of
    what each sentence names by itself, by index (a sentence is read for itself and for the few after it)."""
    named = {} if named is None else named
    kind = attacker = attacked = None
    violent = False
    for j in range(k, max(k - _BEFORE, 0) - 1, -1):
        sentence = sentences[j]
        if sentence.end_char <= paragraph_start or (kind and attacker and attacked):
            break
        if j not in named:
            named[j] = (kind_named(sentence.text), *_sides(sentence))
        own_kind, own_attacker, own_attacked, own_violent = named[j]
        kind, attacker, attacked = kind or own_kind, attacker or own_attacker, attacked or own_attacked
        violent = violent or own_violent or own_kind is not None
    return What(kind, attacker, attacked, violent=violent)


def cumulative(words_before: str) -> bool:
    """Whether the words of a count's sentence up to its clause's end make it a total over a span of time."""
    return bool(_CUMULATIVE.search(words_before))
