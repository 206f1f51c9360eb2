"""Reading each count: what it counts (weapons of a class, people, other things) and what happened to it, from the
parse of its sentence (extractor.reading.structure) — the noun it counts, the predicate that governs that noun and
how, negation and modality, the total it is part of — with the role words of its clause (extractor.reading.cues)
where the parse names no predicate that says.

Code knows the number (its words, span and value: extractor.reading.numbers). The model, asked about the same count
from its sentence alone, confirms the reading or not (extractor.decide)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..budget import check as check_budget
from ..schemas.vocab import (
    ANIMAL_WORDS,
    ATTACKER_WORDS,
    ATTACK_VERBS,
    BOMB_WORDS,
    DAMAGE_WORDS,
    FORCE_PEOPLE_WORDS,
    GROUP_WORDS,
    HEADLINE_ROLES,
    HELD_BY_VERBS,
    JUSTICE_WORDS,
    KEEP_VERBS,
    LABELS,
    PARTY_WORDS,
    PEOPLE_LABELS,
    PRESENCE_VERBS,
    REPORTING_WORDS,
    ROLE_NOUNS,
    ROLE_WORDS,
    SPARED_LABELS,
    SUBCOUNT_WORDS,
    SUPPLY_WORDS,
    THING_WORDS,
    TRANSFER_WORDS,
    UNIT_WORDS,
    UNNAMED_MUNITIONS,
    VIOLENCE_NOUNS,
    WEAPON_LABELS,
    words,
)
from .article import ReadArticle
from .cues import (
    CLASS_RE,
    class_before,
    counts_people,
    cues_after,
    noun_after,
    role_cues,
    total_of_part,
    weapon_class_in,
)
from .dateline import read_dateline
from .lone import described_after
from .numbers import Mention, find_mentions
from .spans import paragraph_of
from .structure import Structure, in_number_of, number_token, numbering, structure

MUNITION_ROLES, CASUALTY_ROLES = HEADLINE_ROLES["munitions"], HEADLINE_ROLES["casualties"]
_HARM = ("killed", "injured", "killed_or_injured", "missing")  # not "captured": prisoners are exchanged
_WINDOW = 300  # characters either side of the number at most: a run-on "sentence" stays a short question
_PASSAGE, _MARKS = 1200, 8  # the most characters and counts one question reads: a small model loses its place

Counts = Literal["weapons", "people", "things"]
Decision = tuple[str, str, str | None]  # category, role (or an `other` label), weapon class (munitions only)

_UNNAMED = re.compile(rf"^(?:\w+\s+)?(?:{UNNAMED_MUNITIONS})\b", re.IGNORECASE)
# "projectiles" and "launches" from Gaza or Lebanon are rockets (labelling conventions).
_ROCKET_FRONTS = re.compile(r"\b(?:Gaza|Lebanon|Hamas|Hezbollah|Islamic\s+Jihad)\b")
_ROCKET_NOUNS = re.compile(r"\b(?:projectiles?|launches)\b", re.IGNORECASE)
# Words after a number that do not name what it counts: a verb ("Fifteen were destroyed", "14 fell short"), also
# after an adverb ("two directly hit"), or a pronoun-like word ("12 others", "one of them"). Then the count's
# sentence says what it is.
_NO_NOUN = re.compile(r"^(?:$|[-–—]|\w+ed\b|\w+ly\s+(?:\w+ed|fell|hit|struck|shot|were|was|are|is|had|have|has)\b|"
                      r"\w+ly\s*(?:[,.;:)]|$)|"  # "wounded, 12 of them critically,"
                      r"(?:fell|hit|struck|shot|were|was|are|is|have|has|had|will|would|could|"
                      r"did|do|does|also|then|reportedly|allegedly|apparently|reported|presumably|others?|more|of|out|"
                      r"each|among|who|which|that|in|on|remain|still|later|now|too)\b)",
                      re.IGNORECASE)
# What stands between a number and a noun the parse hangs from it when the noun is not what it counts.
_APART = re.compile(r"\s[-–—]\s|[,:;()]")
# A noun phrase naming two weapon classes ("missiles and drones", not "drones and two missiles") counts a mixed
# total.
# "21 missiles and drones": one total of two classes (not "two missiles and a drone": a count of each)
_MIXED = re.compile(r"\s*(?:and|or|&)\s+(?!(?:a|an|one|another|the)\b)(\w+(?:\s+\w+)?)", re.IGNORECASE)
_ROLE = {role: words(pattern) for role, pattern in ROLE_WORDS.items()}
_SPARED = {label: words(pattern) for label, pattern in SPARED_LABELS.items()}
_THINGS = {label: words(pattern) for label, pattern in THING_WORDS.items()}
_UNITS = words(UNIT_WORDS)
_SUBCOUNT = words(SUBCOUNT_WORDS)
_SUPPLY = words(SUPPLY_WORDS)
_JUSTICE = words(JUSTICE_WORDS)
_ANIMALS = words(ANIMAL_WORDS)
_FORCE_PEOPLE = words(FORCE_PEOPLE_WORDS)
_PRESENCE = words(PRESENCE_VERBS)
_KEEP = words(KEEP_VERBS)
_HELD_BY = words(HELD_BY_VERBS)
_CARRY = words(r"carr(?:y|ies|ied|ying)|transport(?:s|ed|ing)?|ferr(?:y|ies|ied|ying)")
# "an attack by 200 militants": the words before a count of those who attacked
_ATTACK_BY = re.compile(rf"\b(?:{VIOLENCE_NOUNS})\s+by\s+(?:(?:some|about|around|nearly|roughly|over|an\s+estimated|"
                        r"at\s+least|more\s+than|up\s+to|as\s+many\s+as)\s+)?$", re.IGNORECASE)
_DAILY = words(r"(?:over|in|during)\s+the\s+(?:past|last)\s+(?:day|24\s+hours)|per\s+day|a\s+day|daily")
_FORCE_OF = re.compile(r"\b(?:a|the|its|their)\s+(?:[\w-]+\s+)?(?:force|garrison|contingent)\s+of\s+"
                       r"(?:(?:some|about|around|nearly|roughly|over|more\s+than|up\s+to|at\s+least|"
                       r"an\s+estimated)\s+)?$",
                       re.IGNORECASE)
_DIE = {"died", "die", "dies", "dying", "perished", "perish", "perishes", "perishing"}
_OPERATION = words(r"operations?|offensives?|fighting|battles?|campaign|counteroffensive|counter-offensive")
_UNHURT_CARE = words(r"shock|anxiety|panic|stress|trauma|fear|hysteria")
_TRANSFER = words(TRANSFER_WORDS)
_STRENGTH = words(r"strength")
_IN_NUMBER = re.compile(r"\s+in\s+number\b", re.IGNORECASE)  # "the gunmen were six in number"
# "a 30-member patrol", "a 500-strong force"; not people its size names ("a 25-member crew", "a six-member family"),
# and no count at all of a body that meets or visits ("a 12-member delegation", "a five-member committee")
_SIZED_BODY = re.compile(r"-member\s+(?:\w+\s+)?(?:delegations?|committees?|commissions?|panels?|boards?|councils?|"
                         r"cabinets?|jur(?:y|ies)|(?:medical|rescue|investigati\w+|fact-finding|negotiating|mediation|"
                         r"observer)\s+\w+)\b", re.IGNORECASE)
_SIZED = re.compile(r"-(?:member|strong|man)\b(?!\s+(?:\w+\s+)?(?:famil(?:y|ies)|households?|crews?)\b)")
_DAMAGE = words(DAMAGE_WORDS)
_BODIES = words(r"bod(?:y|ies)")  # bodies handed back or retrieved are no death told: the verb says what befell them
_ROLE_NOUN = {role: words(pattern) for role, pattern in ROLE_NOUNS.items()}
_ATTACKERS = words(ATTACKER_WORDS)
_ATTACKS = words(ATTACK_VERBS)
_VIOLENCE = words(VIOLENCE_NOUNS)
_REPORTING = words(REPORTING_WORDS)
_PARTIES = words(PARTY_WORDS)
_NAMES_PARTIES = re.compile(r"\b(?:the|between|both)\s+$", re.IGNORECASE)
_HAVE = words(r"has|have|had|numbers?|numbered|comprises?|includes?|included|totals?|totall?ed")
# Relations the parse is often wrong about, or that say little: the role words of the clause decide then.
_WEAK = {"", "prep", "dep", "npadvmod", "punct", "cc", "advcl", "pcomp"}
_OPENS_PART = re.compile(rf"\b(?:{SUBCOUNT_WORDS})\s+$", re.IGNORECASE)
_PRONOUN_ONE = re.compile(r"\b(?:my|your|his|her|our|their|which|each|every|any|the)\s+$", re.IGNORECASE)
# The wounded who, the same sentence goes on, died of their wounds.
_DIED_LATER = re.compile(r"\b(?:he|she|they|who)\b[^.;]{0,80}?\b(?:succumbed|died|passed\s+away)\b", re.IGNORECASE)
_DIED_LATER_REACH = 300  # characters after the count: its sentence may be thousands of counts long
_POPULATION = re.compile(r"\b(?:cit(?:y|ies)|towns?|countr(?:y|ies)|nations?|population|provinces?|home)\s+"
                         r"(?:of|to)\s+$", re.IGNORECASE)
_DEBRIS = re.compile(r"\b(?:debris|fragments|wreckage|remnants)\s+(?:from|of)\s+$", re.IGNORECASE)
_FROM_LIST = re.compile(r"\s*from\s+([^.;:]+?(?:,|\band\b)[^.;:]+)")  # "from mortars, Grads and drones"
_EXPLOSIONS = re.compile(r"^(?:\w+\s+)?explosions?\b", re.IGNORECASE)
_BOMBS = re.compile(rf"^(?:[\w-]+\s+)?(?:{BOMB_WORDS})\b", re.IGNORECASE)  # "two bombs", "one 300-pound bomb"
_OF_THEM = re.compile(r"\s+of\s+(?:them|those|these)\b", re.IGNORECASE)
_PART_OF = re.compile(r"\s+(?:out\s+)?of\s+", re.IGNORECASE)
_SOME_OF_WHICH = re.compile(r",\s*(?:\w+\s+){1,2}of\s+(?:which|them)\b", re.IGNORECASE)  # "…, some of which were"
_OF_THE_HARMED = re.compile(r"\s+of\s+(?:them|whom)\b", re.IGNORECASE)  # "wounded, 12 of them critically"
_LONG_SPAN = re.compile(r"[\s-]*(?:months?|years?|decades?)\b", re.IGNORECASE)  # "gains for 18 months"
_FOR_A_WHILE = re.compile(r"\b(?:for|another|lasted|lasting)\s+(?:about\s+|some\s+|over\s+)?$", re.IGNORECASE)
_SHOT_DOWN = re.compile(r"\b(?:shot\s+down|shooting\s+down|downed|intercept\w*)\b", re.IGNORECASE)
_TARGETS = words(r"targets?")
_GROUP_OF_PEOPLE = re.compile(rf"\s+(?:\w+\s+)?(?:{GROUP_WORDS})\b", re.IGNORECASE)
# "Hostages still in captivity: 62": a line's label says what its number counts.
_LINE_LABEL = re.compile(r"(?:^|\n)[ \t•*·-]*(?!according\s+to\b)([^:\n]{3,90}?)(?<!\bsaid)(?<!\bsays)"
                         r"(?<!\breported)(?<!\bstated)(?<!\badded):[ \t]*$", re.IGNORECASE)
# A short line with no stop, heading the line the number opens ("Civilian deaths\n40 people in the north …").
_HEADING = re.compile(r"(?:^|\n)[ \t•*·-]*([^\n.:;!?]{3,40})\n[ \t•*·-]*$")
# (a colon after "According to the Ministry of Defence:" or "The ministry said:" opens what was said, not a label)
# The harm verbs whose subject, in the active voice, is who did it: "three gunmen killed five".
_HARM_VERBS = words(r"kill\w*|injur\w*|wound\w*|hurt\w*|captur\w*|abduct\w*|kidnap\w*|slay|slew|murder\w*|"
                    r"execut\w*|massacr\w*|shot|shoot\w*|detain\w*|seiz\w*|took|take|taking")
# Verbs only the living undergo: what they kill or wound is people, whatever the noun ("six bandits were killed",
# "killing four customs inspectors").
_LIVING_VERBS = words(r"kill\w*|injur\w*|wound\w*|slay|slain|slew|murder\w*|massacr\w*|died|die|dies|dying|perish\w*|"
                      r"martyred")


@dataclass(frozen=True)
class Count:
    """A count in the article and what code reads in it."""

    mention: Mention
    noun: str  # the words that say what it counts ("Shahed drones", "people", "of the drones")
    counts: Counts | None  # what the number counts, when code can tell ("things": a noun naming neither)
    weapon_class: str | None  # the class the words name, for weapons
    cue: Decision | None  # code's reading: the fact this count states, or None
    cue_in_clause: bool  # the deciding words stand in the number's own clause, not only earlier in its sentence
    spared: bool = False  # people freed, exchanged, rescued, displaced…: not casualties, whatever else is said
    how: str = "cue"  # how code read it: "predicate" (the parse), "cue" (role words of the clause), "none"
    part_of: int | None = None  # the index of the count it is part of ("including two children")
    weapon: str | None = None  # the weapon's name as written ("Shahed", "Kh-101")
    head: str = ""  # the word the parse says it counts ("drones" in "51 of the drones")
    tokens: tuple[int, int] = field(default=(0, 0), compare=False)  # the count's token range in the parse

    @property
    def labels(self) -> tuple[str, ...]:
        """The answers that fit what the number counts."""
        return {"weapons": WEAPON_LABELS, "people": PEOPLE_LABELS}.get(self.counts, LABELS)


def _weapon_class(read: ReadArticle, m: Mention, noun: str) -> str | None:
    named = weapon_class_in(noun)
    if named:
        after_noun = m.end + len(noun_after(read.text, m.end))
        mixed = _MIXED.match(read.text, after_noun, after_noun + 30)
        if mixed and not find_mentions(mixed.group(1)) and weapon_class_in(mixed.group(1)) not in (None, named):
            return "other"  # "21 missiles and drones": one total of two classes
        launchers = _FROM_LIST.match(read.text, after_noun, after_noun + 100)
        if launchers and {c for c, pattern in CLASS_RE.items() if pattern.search(launchers.group(1))} - {named}:
            return "other"  # "fired 600 shells from mortars, rocket launchers and drones": of several classes
        return named
    if _UNNAMED.match(noun):
        if _ROCKET_NOUNS.search(noun) and _ROCKET_FRONTS.search(read.text):
            return "rocket"
        if _EXPLOSIONS.match(noun) and not class_before(read, m.start):
            # "A drone attack hit the city. Ten explosions were heard": the one class the sentence before names
            left = read.sentence(max(0, read.sentence(m.start, m.end)[0] - 2), m.start)[0]
            return weapon_class_in(read.text[left:m.start]) or "other"
        return class_before(read, m.start) or "other"
    if _BOMBS.match(noun):
        return class_before(read, m.start, sentences=None, dropping=True) or "other"
    return None


def _cues(read: ReadArticle, m: Mention, roles) -> tuple[dict[str, int], bool]:
    clause = role_cues(read, m.start, m.end, roles, sentence=False)
    if clause:
        return clause, True
    return role_cues(read, m.start, m.end, roles), False


def _cue_label(read: ReadArticle, m: Mention, noun: str, named: str | None, people: bool) -> tuple[Decision | None, bool]:
    """(category, role, class) from the role words of the clause alone, or None when they say nothing we score; and
    whether the deciding words stand in the number's clause."""
    munition_cues, m_clause = _cues(read, m, MUNITION_ROLES)
    casualty_cues, c_clause = _cues(read, m, CASUALTY_ROLES)
    if (named or munition_cues) and role_cues(read, m.start, m.end, ("astray",), sentence=False):
        # "14 fell short", "11 landed in the sea": neither a hit nor an interception (munitions/other)
        return ("munitions", "other", named or class_before(read, m.start, sentences=2) or "other"), True
    # (a munitions verb of the number's own clause over a casualty one of its sentence: "64 drones were
    # neutralised, while 18 others failed to reach their targets")
    if named or (munition_cues and not people and (not casualty_cues or m_clause and not c_clause)):
        role = min(munition_cues, key=munition_cues.get) if munition_cues else "launched"
        # With no noun ("Fifteen were destroyed"), the class may be named in the sentence before.
        return ("munitions", role, named or class_before(read, m.start, sentences=2) or "other"), m_clause
    deployed = people and role_cues(read, m.start, m.end, ("deployed",), sentence=False)
    if people and not casualty_cues and not deployed:
        casualty_cues = cues_after(read, m.start, m.end, CASUALTY_ROLES)  # "31 soldiers and three … were killed"
    if casualty_cues and (c_clause or not deployed) and (people or _NO_NOUN.match(noun)):
        return ("casualties", min(casualty_cues, key=casualty_cues.get), None), c_clause
    if people and (deployed or role_cues(read, m.start, m.end, ("deployed",))):
        return ("forces", "deployed", None), bool(deployed)
    return None, False


def _stated_role(words_: str, roles) -> str | None:
    """The first of `roles` whose words the phrase states: the earliest in it, the longest where two start together
    ("killed or injured" before "killed")."""
    found = [(match.start(), -len(match.group(0)), role) for role in roles for match in [_ROLE[role].search(words_)]
             if match]
    return min(found)[2] if found else None


def _noun_role(words_: str) -> str | None:
    """The role a noun that is what it counts states ("321 fatalities", "two explosions", "62 hostages")."""
    first = " ".join(words_.split()[:3])
    return next((role for role, pattern in _ROLE_NOUN.items() if pattern.search(first)), None)


def _parse_label(s: Structure, counts: Counts | None, named: str | None, read: ReadArticle,
                 span: tuple[int, int]) -> Decision | None | str:
    """What the parse says: a decision, None (a statement of no fact: negated, planned), or "" (it says nothing)."""
    if s.predicate is None:
        return ""
    said = f"{s.path_words} {s.phrase}".strip()
    if counts == "weapons":
        role = _stated_role(said, MUNITION_ROLES) or _stated_role(s.described, MUNITION_ROLES)
        if s.hypothetical:
            return ("munitions", "other", named or "other")  # "could accommodate ten or more missiles"
        if s.negated and role != "jammed":  # "did not reach their targets" is how jamming is said
            return None
        if _ROLE["astray"].search(said) or role_cues(read, *span, ("astray",), sentence=False):
            return ("munitions", "other", named or "other")
        if s.partitive_total or _SOME_OF_WHICH.search(read.text, span[1], max(span[1], s.predicate.idx)):
            # "99% of the 300 or so munitions were shot down"; "30 projectiles crossed, some of which were
            # intercepted" (the parse may make the count the subject of the part's verb): the whole was launched
            return ("munitions", "launched", named or "other")
        if _SUPPLY.search(said) or _handed_to(s.predicate):  # handed over: "supplied 5,000 rockets", "sent Kyiv …"
            return ("munitions", "other", named or "other")
        return ("munitions", role, named or "other") if role else ""
    if counts == "people":
        if s.negated or s.hypothetical:
            return None
        if s.relation == "nsubj" and _REPORTING.fullmatch(s.predicate.text) and not _stated_role(s.described, _HARM) \
                and not _some_of_the_harmed(read, span):
            # who speaks ("one of the medics said", "two witnesses told reporters"): not what befell them; but "…
            # and three others injured, Dawn reported" parses the injured as who reports
            return None
        if (s.partitive_total or _fronted_whole(read, span, s)) and s.noun is not None:
            # the whole a part is told of ("killed three of the 12 hostages", "two of the 30 people injured died"):
            # what its own words say befell it, never the part's verb
            whole = _stated_role(s.described, CASUALTY_ROLES) or _stated_role(" ".join(
                c.text for c in s.noun.children if c.dep_ == "amod"), CASUALTY_ROLES) or _noun_role(s.noun.text)
            return ("casualties", whole, None) if whole in CASUALTY_ROLES else None
        if _ROLE["spared"].search(said) and not _stated_role(_BODIES.sub("", said), _HARM) and not _harm_adjective(s):
            return None
        if s.predicate.lower_ in ("treated", "treating", "treat", "treats") and any(
                c.dep_ == "prep" and (c.lower_ in ("as", "like") or c.lower_ == "for" and any(
                    _UNHURT_CARE.fullmatch(g.text) for g in c.children)) for c in s.predicate.children):
            return None  # "treated as suspects", "treated for shock": no wound told
        among = s.noun.head if s.noun is not None and s.noun.head.lower_ == "among" else None
        if among is not None and among.i < s.predicate.i and any(
                c.dep_ in ("nsubj", "nsubjpass") and among.i < c.i for c in s.predicate.children):
            return None  # "Among the 30 passengers, 12 were killed": the group the casualties came from
        if s.relation == "dobj" and _CARRY.fullmatch(s.predicate.text) and not _FORCE_PEOPLE.fullmatch(
                s.noun.text if s.noun is not None else "") and not role_cues(read, *span, CASUALTY_ROLES,
                                                                             sentence=False):
            return None  # "the bus was carrying 40 passengers when it hit a bomb, killing 12": who was aboard
        if _JUSTICE.fullmatch(s.predicate.text) and s.relation in ("nsubjpass", "dobj"):
            return None  # "12 suspects were arrested over the killings", "sentenced 12 men to death": no casualties
        role, own = _stated_role(said, CASUALTY_ROLES), _stated_role(s.described, CASUALTY_ROLES)
        if role is None or role == "killed_or_injured" and own in ("killed", "injured"):
            role = own or role  # "the casualties included a woman in critical condition": she was injured
        if role is None and s.predicate.lower_ in ("lost", "lose", "loses", "losing") and s.relation == "dobj" \
                and s.noun is not None and s.noun.head.i == s.predicate.i and counts_people(s.noun.text):
            # "the army said it lost 12 soldiers", "Ukraine has lost 46,000 troops": lost in battle; but a day's
            # losses ("the enemy lost 1,150 soldiers over the past day") are the killed and wounded of a daily report
            role = "killed_or_injured" if _DAILY.search(read.text, *read.sentence(*span)) else "killed"
        if role is None and s.predicate.lower_ in ("held", "holding", "hold", "holds") and s.relation in (
                "dobj", "nsubjpass") and not role_cues(read, *span, ("spared",), sentence=False):
            role = "captured"  # "the rebels are holding 12 foreign nationals", "ten are still being held"
        if adjective := _harm_adjective(s):
            role = adjective  # "received 12 bodies and 30 injured people": what the noun's own word says befell them
        if role == "captured" and (harm := _stated_role(s.phrase, _HARM)):
            role = harm  # "killed 15 people, including six prisoners": captives the predicate kills are killed
        if role in (None, "injured") and _BODIES.search(s.path_words):
            role = "killed"  # "the body of a rebel was found (with gunshot wounds)": whose body it is died
        attacker = s.noun is not None and _ATTACKERS.fullmatch(s.noun.text)
        if s.relation in ("nsubj", "agent") and attacker and _ATTACKS.search(s.phrase):
            # "three suicide bombers then tried to enter", "was attacked by about 30 rebels": a force that attacked
            return ("forces", "deployed", None)
        if s.relation in ("nsubj", "nsubjpass") and attacker and _took_part_in_attack(s.predicate):
            return ("forces", "deployed", None)  # "some 300 fighters took part in the assault": who attacked
        if s.relation in ("dobj", "attr", "prep") and _HAVE.fullmatch(s.predicate.text) and role is None and not any(
                c.dep_ == "nsubj" and c.lower_ == "victims" for c in s.predicate.children) and (
                attacker or (s.noun is not None and _FORCE_PEOPLE.fullmatch(s.noun.text))
                or (s.noun is None and _ATTACKERS.search(s.path_words))):
            # "ISIS has between 5,000 and 7,000 members", "the breakaway fighters total about 3,100" (not "the dead
            # included four soldiers", "the victims included 12 members of one family": who the casualties were)
            return ("forces", "deployed", None)
        if role is None and s.noun is not None and _FORCE_PEOPLE.fullmatch(s.noun.text) and not role_cues(
                read, *span, CASUALTY_ROLES) and (
                s.relation in ("nsubj", "nsubjpass") and _PRESENCE.fullmatch(s.predicate.text)
                or s.relation == "dobj" and _KEEP.fullmatch(s.predicate.text)
                or s.relation == "attr" and any(c.dep_ == "expl" for c in s.predicate.children)  # "there are 4,000 …"
                or s.relation == "agent" and _HELD_BY.fullmatch(s.predicate.text)):
            # "some 800 Marines arrived in Beirut", "maintains 3,000 soldiers in Somalia", "the town is defended by
            # 300 soldiers": armed people there are a force deployed (unless their sentence tells harm: "four officers
            # were patrolling when a bomb went off, killing them")
            return ("forces", "deployed", None)
        if s.agent and _HARM_VERBS.fullmatch(s.predicate.text) or s.relation == "agent" and not s.path_words:
            return None  # the count did it ("three gunmen killed five", "wounded by a sniper"): no casualty of it
        if role:
            return ("casualties", role, None)
        if _armed(s.noun):
            return ("forces", "deployed", None)  # "surrounded at least 30 armed gunmen": unharmed, armed, a force
        return ""
    return ""


def _harm_adjective(s: Structure | None) -> str | None:
    """The harm an adjective between the number and its noun names ("30 injured people", "12 wounded soldiers")."""
    if s is None or s.noun is None or s.noun.i <= s.number.i or s.number.head.i != s.noun.i or s.noun.dep_ == "pobj":
        # (not "one of the wounded soldiers was dead", whose noun is the group it is one of, nor that group: "two of
        # the remains of the six slain herders were retrieved")
        return None
    if s.predicate is not None and _stated_role(" ".join([s.path_words, s.predicate.text, *(
            c.text for c in s.predicate.children if c.dep_ in ("acomp", "oprd", "xcomp", "prt"))]), CASUALTY_ROLES):
        return None  # the verb itself tells what befell them: "the bodies of three missing men were found"
    return _stated_role(" ".join(c.text for c in s.noun.children if c.dep_ == "amod" and s.number.i < c.i < s.noun.i),
                        _HARM)


def _took_part_in_attack(verb) -> bool:
    """"took part in the assault", "participated in the attack", "were involved in the raid"."""
    takes_part = verb.lower_ in ("participated", "participate", "participating", "involved") or verb.lower_ in (
        "took", "take", "takes", "taking") and any(c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)
    return takes_part and any(c.dep_ == "prep" and c.lower_ == "in" and any(
        g.dep_ == "pobj" and (_VIOLENCE.fullmatch(g.text) or _OPERATION.fullmatch(g.text)) for g in c.children)
        for c in verb.children)


def _other_label(read: ReadArticle, m: Mention, noun: str, s: Structure | None) -> str | None:
    """The label of a fact of category other, when the count is one the conventions name: buildings damaged,
    vehicles, targets struck, attacks counted."""
    start, end = read.sentence(m.start, m.end)
    sentence = read.text[start:end]
    head = s.noun.text if s is not None and s.noun is not None else ""
    first = " ".join(noun.split()[:3]).strip()
    for label, pattern in _THINGS.items():
        if not (pattern.fullmatch(head) if head else pattern.match(first)):
            continue
        if label in ("buildings_damaged", "vehicles") and not _DAMAGE.search(sentence):
            return None  # "72 apartments" that nothing damaged are not a fact
        if label == "targets_struck" and not (_DAMAGE.search(sentence) or _ATTACKS.search(sentence)):
            return None
        if label == "attacks" and m.reading.value == 1:
            return None  # "four died in one incident": which event, not how many
        return label
    return None


def read_counts(read: ReadArticle) -> list[Count]:
    """Every count of the article (not years, dates, times, measures, money, percentages or weapon names), each with
    what code reads in it."""
    found: list[Count] = []
    for m in read.counts:
        check_budget()  # a count's reading is bounded; thousands of them are bounded by the article's budget
        found.append(_read(read, m, found))
    return found


def _measured(read: ReadArticle, m: Mention, span) -> Count:
    """A percentage, rate, "N times" or duration: a fact of category other when it is one of the conflict."""
    label = None
    if m.kind == "percent":
        label = "percent"
    elif m.kind == "rate":
        label = "rate_per_day"
    elif m.kind == "times" and role_cues(read, m.start, m.end, ("launched", "hit"), sentence=False):
        label = "attacks"  # "fired 12 times", "shelled nine communities 21 times"
    elif m.kind == "duration" and _FOR_A_WHILE.search(read.text, max(0, m.start - 12), m.start) \
            and not _LONG_SPAN.match(read.text, m.end):
        label = "duration_days"  # "occupied the village for two days" (months and years are background)
    tokens = (span.start, span.end) if span is not None else (0, 0)
    return Count(m, "", "things", None, ("other", label, None) if label else None, False, how="other" if label
                 else "none", tokens=tokens)


_FRONTED_OF = re.compile(r"(?:^|[.!?]\s+|\n)Of\s+(?:the\s+)?$")


def _fronted_whole(read: ReadArticle, span: tuple[int, int], s) -> bool:
    """The whole a sentence opens with, its part the subject after it: "Of 60 soldiers manning the base, 43 were
    killed" (the parse may make both subjects of the verb)."""
    return s.noun is not None and _FRONTED_OF.search(read.text, max(0, span[0] - 12), span[0]) is not None and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i > s.noun.i for c in s.predicate.children)


def _each_s(span) -> bool:
    """A count of what each one of several has or does: the object of a verb whose subject is "each" ("on 20
    motorcycles, with each conveying two armed men"; "each of the trucks carried 40 soldiers"): no total."""
    if span is None or not len(span):
        return False
    noun = span.root.head if span.root.dep_ == "nummod" else span.root
    return noun.dep_ == "dobj" and any(c.dep_ == "nsubj" and c.lower_ == "each" for c in noun.head.children)


def _one_who_is(span) -> bool:
    """"one of …" that says who or what someone is, not how many: an apposition to one person or thing ("the
    general, one of the most powerful commanders, …") or what a verb of being makes of its subject ("is one of
    several armed groups", "was considered one of the leaders"); not "one of the soldiers was killed", nor "three
    soldiers, one of them an officer"."""
    if span is None or not len(span):
        return False
    one = span.root
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in one.children):
        return False
    return one.dep_ in ("attr", "oprd") or one.dep_ == "appos" and one.head.tag_ in ("NN", "NNP")


def _read(read: ReadArticle, m: Mention, found: list[Count]) -> Count:
    span = read.doc.char_span(m.start, m.end, alignment_mode="expand")
    if m.kind != "count":
        return _measured(read, m, span)
    if _PRONOUN_ONE.search(read.text, max(0, m.start - 12), m.start) and m.text.lower() == "one":
        return Count(m, "", None, None, None, False, how="none")  # "my one is nearby", "each one": a pronoun
    if m.text.lower() == "one" and _one_who_is(span):
        return Count(m, "", None, None, None, False, how="none")  # "X, one of the top commanders": who X is
    if _each_s(span):
        return Count(m, "", None, None, None, False, how="none")  # "with each carrying two gunmen": per one, no total
    if _POPULATION.search(read.text, max(0, m.start - 30), m.start):
        return Count(m, "", None, None, None, False, how="none")  # "a town of 50,000 people": who live there
    if m.reading.value == 1 and _GROUP_OF_PEOPLE.match(read.text, m.end):
        return Count(m, "", None, None, None, False, how="none")  # "17 people from one family": which family
    if _SIZED_BODY.match(read.text, m.end):
        return Count(m, "", None, None, None, False, how="none")  # "a 12-member delegation visited": no one harmed
    if _names_number(span):
        return Count(m, "", None, None, None, False, how="none")  # "a Cessna 172", "Boeing 737": a model's name
    described = described_after(read, m, span)
    if described is not None:
        return described
    s = structure(span) if span is not None and len(span) else None
    if s is not None and _across_lines(read, m, s):
        s = None  # lines with no full stop ("Hostages freed: 12\nStill held: 40") parse as one sentence
    one = m.reading.value == 1 and m.text.split()[0].lower() in ("a", "an")  # a count of one: "a man"
    label = _LINE_LABEL.search(read.text, max(0, m.start - 100), m.start)
    if label and _in_dateline(read, label.start(1)):
        label = None  # "SRINAGAR: Five militants …": where the report was filed, not what the number counts
    noun = (m.text.split(maxsplit=1)[1] if one else label.group(1) if label else noun_after(read.text, m.end)).strip()
    head = s.noun.text if s is not None and s.noun is not None and not _APART.search(
        read.text, m.end, max(m.end, s.noun.idx)) else ""  # "32 - over Tula region" does not count regions
    if _ANIMALS.fullmatch(head) if head else _ANIMALS.match(noun):
        return Count(m, noun, "things", None, None, False, how="none")  # "killed 120 cattle": no casualties
    thing = next((name for name, pattern in _THINGS.items() if head and pattern.fullmatch(head)), None) \
        or _things_referred_to(read, m)
    if thing == "targets_struck" and _SHOT_DOWN.search(read.text, *read.clause(m.start, m.end)):
        thing = None  # "shot down 11 targets over the region": aerial targets, munitions of no class named
    named = None if one or thing else _weapon_class(read, m, noun) or (
        "other" if head and _TARGETS.fullmatch(head) else None)
    if not named and not one and _NO_NOUN.match(noun) and (whole := _weapons_whole(read, m, found)):
        named = whole.weapon_class  # "two rockets landed, including one that hit a school": one rocket
    people = one or counts_people(noun) or bool(head and counts_people(head)) or _undergoes_harm(s) or bool(
        head and _armed(s.noun) and not weapon_class_in(head)) or _noun_role(" ".join(noun.split()[:1])) in _HARM \
        or bool(head and s.noun.ent_type_ == "NORP")  # a people's name counts its people: "one Tanzanian"
    units = not named and bool(_UNITS.search(" ".join(noun.split()[:3])) or _SIZED.match(noun))
    # "72 apartments", "four townships", "13 Houthi targets": neither weapons nor people, so no headline fact.
    things = bool(thing) or (not named and not people and not units and not _NO_NOUN.match(noun)) or bool(
        head and s.noun.pos_ == "NOUN" and not named and not people and not units and not _noun_role(head)
        and not _NO_NOUN.match(head)
        and not weapon_class_in(head) and not _UNNAMED.match(head))
    # things a verb of their own governs are not spared by another verb of the clause ("took the rifles and fled")
    own_verb = things and s is not None and s.predicate is not None and not _ROLE["spared"].search(
        f"{s.path_words} {s.phrase}")
    spared = (not named and not own_verb and bool(role_cues(read, m.start, m.end, ("spared",), sentence=False))
              and not role_cues(read, m.start, m.end, _HARM, sentence=False)) or _part_of_spared(read, m, found)
    spared = spared and not _harm_adjective(s)  # "12 wounded soldiers were evacuated": the wounded, counted
    if not named and not one and (s is not None or label):
        # (with the clause on the noun: "sent 3,000 villagers fleeing")
        said = f"{label.group(1) if label else ''} {s.path_words if s else ''} {s.phrase if s else ''} " \
               f"{s.described if s else ''}"
        spared = spared or bool(_ROLE["spared"].search(said) and not _stated_role(
            _BODIES.sub("", said), _HARM) and (people or not things) and not _whole_of_part(s)
            and not _harm_adjective(s))
    cue, in_clause = (None, False) if things or spared else _cue_label(read, m, noun, named, people or units)
    counts: Counts | None = (
        "weapons" if named else "people" if people or spared or units else "things" if things
        else ("weapons" if cue and cue[0] == "munitions" else "people") if cue else None)
    how = "cue" if cue else "none"
    if s is not None and not spared and not things:
        parsed = _parse_label(s, counts or ("people" if not named else None),
                              named or (cue[2] if cue and cue[0] == "munitions" else None), read, (m.start, m.end))
        if parsed != "" and (s.relation not in _WEAK or cue is None or parsed is None or _partitive_part(read, m, s)
                             or counts == "weapons" and _handed_to(s.predicate)):  # "sent Kyiv guns with 900 shells"
            cue, how, in_clause = parsed, "predicate", True
    if head and _ATTACKERS.fullmatch(head) and _ATTACK_BY.search(read.text, max(0, m.start - 60), m.start):
        cue, how = ("forces", "deployed", None), "predicate"  # "repelled an attack by 200 militants, killing 40"
    # the noun the parse names, else the first word after the number ("92,981 wounded")
    said_by_noun = _noun_role(head) if head else _noun_role(" ".join(noun.split()[:1]))
    if said_by_noun and cue is not None and not spared:
        if cue[0] == "munitions" and said_by_noun in MUNITION_ROLES and cue[1] != "other":  # not "… failed"
            cue, how = ("munitions", said_by_noun, cue[2]), "noun"
        elif (cue[0] == "casualties" and said_by_noun in CASUALTY_ROLES and not (
                said_by_noun == "captured" and cue[1] in _HARM and how == "predicate")
              and not (how == "predicate" and _one_of(s))) \
                or cue[0] == "forces" and said_by_noun in _HARM:
            # (prisoners or hostages a verb says were killed or wounded are casualties of that verb, not captives)
            # "the troops found three remains": what the noun is says more than who stands near it
            cue, how = ("casualties", said_by_noun, None), "noun"
    if said_by_noun in CASUALTY_ROLES and cue is None and counts == "people" and not spared and not one:
        cue, how = ("casualties", said_by_noun, None), "noun"  # "Hostages in captivity who are soldiers: 13"
    heading = label or _HEADING.search(read.text, max(0, m.start - 60), m.start)
    if heading and cue is None and how == "none" and not spared and not named and (
            stated := _stated_role(heading.group(1), CASUALTY_ROLES)):
        cue, how = ("casualties", stated, None), "cue"  # "Total taken captive: 240", "Deaths\n12 civilians …"
    if said_by_noun == "deployed" and cue is None and how == "none" and counts == "people" and not spared \
            and not head.istitle():
        # "150,000 coalition forces in the country" (not "3 of the Territorial Defence Forces", a unit's name)
        cue, how = ("forces", "deployed", None), "noun"
    if cue is None and not named and not thing and _FORCE_OF.search(read.text, max(0, m.start - 40), m.start) \
            and not (head and not counts_people(head)):
        cue, how = ("forces", "deployed", None), "predicate"  # "the bloc has approved a force of 5,000"
    if units and (cue is None or _SIZED.match(noun)):
        # "two battalions", "raids by two junta units"; "a 30-member patrol" is a force's strength whatever befell it
        cue, how = ("forces", "deployed", None), "noun"
    if cue is None and not named and not things and _strength_of(s):
        cue, how = ("forces", "deployed", None), "predicate"  # "the group's strength stands at about 3,000"
    if s is not None and (_IN_NUMBER.match(read.text, m.end) or numbering(s)) \
            and _FORCE_PEOPLE.fullmatch(in_number_of(s).text):
        cue, how = ("forces", "deployed", None), "predicate"  # "the gunmen were believed to be six in number"
    # a count of one its own words describe as harmed, however the parse hangs it ("the casualties included …, a man
    # in his 60s in serious condition sent to …"), or whose harm a noun names ("resulted in the death of a civilian")
    harmed = one and s is not None and not spared and (_stated_role(s.described, _HARM) or (
        s.noun is not None and s.noun.dep_ == "pobj" and s.noun.head.lower_ == "of"
        and _stated_role(s.noun.head.head.text, _HARM)))
    if harmed and (cue is None or how == "cue" or s.relation in _WEAK | {"appos"}
                   or cue == ("casualties", "killed_or_injured", None)):
        cue, how = ("casualties", harmed, None), "predicate"
    elif one and (cue is None or cue[0] != "casualties" or how == "cue" or s is None or s.relation in _WEAK | {"appos"}):
        cue = None  # a count of one is a casualty the parse reads so, or nothing (conventions)
    if cue is None and not one and not (s is not None and s.partitive_one):
        other = thing and _other_label(read, m, noun, s)
        if spared and counts == "people":
            other = _spared_label(read, m, f"{noun} {s.path_words} {s.phrase}" if s else noun)
        if other:
            cue, how = ("other", other, None), "other"
    if cue is not None and _parties(read, m, head):
        cue = None  # "fighting between two rival militias", "the two sides exchanged": how many sides, not a count
    if cue == ("casualties", "injured", None) and _DIED_LATER.search(
            read.text, m.end, min(read.sentence(m.start, m.end)[1], m.end + _DIED_LATER_REACH)):
        cue = ("casualties", "killed", None)  # "a guard was wounded and taken to hospital, where he died"
    if cue and cue[0] == "munitions" and _DEBRIS.search(read.text, max(0, m.start - 30), m.start):
        cue = ("munitions", "other", cue[2])  # "debris from two drones fell on a school": no hit, nor stopped
    if cue and cue[0] == "munitions" and cue[1] != "launched" and total_of_part(read.text, m.start):
        cue = ("munitions", "launched", cue[2])  # "shot down 29 of 30 missiles": the 30 were launched
    part = _part_index(found, s) if s is not None else None
    return Count(m, noun, counts, named or (cue[2] if cue and cue[0] == "munitions" else None), cue, in_clause,
                 spared, how, part, _weapon_name(span), head, (span.start, span.end) if span is not None else (0, 0))


def _in_dateline(read: ReadArticle, at: int) -> bool:
    """Whether a position lies within the article's dateline ("SRINAGAR:", "Manila [Philippines], November 4 (ANI):")."""
    dateline = read_dateline(read.text)
    return dateline is not None and at < dateline.end


def _one_of(s: Structure | None) -> bool:
    """The count takes its part from the people its noun names ("one of the wounded", "two of the hostages"): what
    its verb says befell the part, whatever befell the group."""
    return s is not None and s.noun is not None and s.noun.dep_ == "pobj" and s.noun.head.lower_ == "of" \
        and s.noun.head.head.i == s.number.i


def _whole_of_part(s: Structure | None) -> bool:
    """The count is the whole another number takes a part of ("recovered one of the remains of the five slain
    rebels"): what the verb did, it did to the part."""
    token = s.noun if s is not None and s.noun is not None else s.number if s is not None else None
    for _ in range(3):
        if token is None or token.dep_ != "pobj" or token.head.lower_ != "of":
            return False
        token = token.head.head
        if token.like_num and token.i != s.number.i:
            return True
    return False


def _strength_of(s: Structure | None) -> bool:
    """The count states a force's strength: "strength" is the noun it hangs from or the subject of its verb."""
    if s is None or s.predicate is None:
        return False
    subjects = [c for c in s.predicate.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(_STRENGTH.search(s.path_words)) or any(_STRENGTH.fullmatch(c.text) for c in subjects)


def _names_number(span) -> bool:
    """A number the parse hangs from a proper name before it ("Boeing 737", "Resolution 2334"): part of the
    name, counting nothing."""
    if span is None or not len(span):
        return False
    token = number_token(span)
    return token.dep_ == "nummod" and token.head.pos_ == "PROPN" and token.head.i < token.i and token.like_num \
        and not token.head.ent_type_ == "DATE"


def _parties(read: ReadArticle, m: Mention, head: str) -> bool:
    """Two or three groups or forces named as sides ("the two forces", "between three armed factions")."""
    return (m.reading.value in (2, 3) and bool(head) and bool(_PARTIES.fullmatch(head))
            and bool(_NAMES_PARTIES.search(read.text, max(0, m.start - 10), m.start)))


def _things_referred_to(read: ReadArticle, m: Mention) -> str | None:
    """The label of the things "N of them" refers to, when the plural noun last named before it names things
    ("homes were damaged, and the roof of one of them was destroyed")."""
    if not _OF_THEM.match(read.text, m.end):
        return None
    start = read.sentence(max(0, read.sentence(m.start, m.end)[0] - 2), m.start)[0]
    span = read.doc.char_span(start, m.start, alignment_mode="contract")
    plural = next((t for t in reversed(span) if t.tag_ in ("NNS", "NNPS")), None) if span is not None else None
    return next((name for name, pattern in _THINGS.items() if plural is not None and pattern.fullmatch(plural.text)),
                None)


def _handed_to(predicate) -> bool:
    """A verb of handing over that names who receives: "sent Kyiv 500 shells", "gave Ukraine 40 missiles"."""
    if not _TRANSFER.fullmatch(predicate.text):
        return False
    objects = [c for c in predicate.children if c.dep_ == "dobj"]  # a recipient the parse calls an object
    return any(c.dep_ == "dative" for c in predicate.children) or len(objects) > 1 and objects[0].pos_ == "PROPN"


def _weapons_whole(read: ReadArticle, m: Mention, found: list[Count]) -> Count | None:
    """The count of weapons in the same sentence whose part a bare number opened by "including", "among them" or
    "of which" is."""
    before = found[-1] if found else None
    if before is None or before.counts != "weapons" or before.weapon_class is None:
        return None
    opened = _OPENS_PART.search(read.text, before.mention.end, m.start)
    same = read.sentence(m.start, m.end)[0] <= before.mention.start
    return before if opened and same else None


def _some_of_the_harmed(read: ReadArticle, span: tuple[int, int]) -> bool:
    """"Scores were injured, eight of them children, officials said": some of the people its sentence told harmed
    before it, however the parse hangs the number (here as who said it)."""
    return _OF_THE_HARMED.match(read.text, span[1]) is not None and _stated_role(
        read.text[read.sentence(*span)[0]:span[0]], _HARM) is not None


def _partitive_part(read: ReadArticle, m: Mention, s: Structure) -> bool:
    """A part taken from the whole the parse names ("only six out of ten rockets … were intercepted"): what the
    whole's predicate says of it holds for the part, however the parse hangs the number."""
    of = _PART_OF.match(read.text, m.end)
    return of is not None and s.noun is not None and of.end() <= s.noun.idx < of.end() + 40


def _across_lines(read: ReadArticle, m: Mention, s: Structure) -> bool:
    """Whether the predicate or noun the parse gives a count stands on another line of the text."""
    for token in (s.predicate, s.noun):
        if token is not None and "\n" in read.text[min(m.start, token.idx):max(m.end, token.idx)]:
            return True
    return False


def _armed(noun) -> bool:
    """People the words call armed ("armed gunmen", "a group of 20 armed diversionists")."""
    return noun is not None and any(c.lower_ == "armed" and c.dep_ == "amod" and (c.i == 0 or c.nbor(-1).text != "-")
                                    for c in noun.children)  # not "two nuclear-armed neighbours"


def _undergoes_harm(s: Structure | None) -> bool:
    """The count (or the noun it counts) is who a verb only the living undergo happened to: "were killed",
    "killing five …", "died"."""
    if s is None or s.predicate is None or not _LIVING_VERBS.fullmatch(s.predicate.text):
        return False
    passive = any(c.dep_ == "auxpass" for c in s.predicate.children)
    return s.relation == "nsubjpass" or (s.relation == "dobj" and not passive) or (
        s.relation == "nsubj" and s.predicate.lower_ in _DIE)


def _spared_label(read: ReadArticle, m: Mention, said: str) -> str | None:
    """What people who are not casualties went through, from the words of their count's statement."""
    if _ROLE_NOUN["killed"].search(said) and _ROLE["spared"].search(said):
        return "bodies_returned"  # "the bodies of two volunteers were sent back"
    start, end = read.sentence(m.start, m.end)
    for words_ in (said, read.text[max(start, m.start - 80):min(end, m.end + 80)]):
        for name, pattern in _SPARED.items():
            if pattern.search(words_):
                return name
    return None


def _weapon_name(span) -> str | None:
    """The weapon's name in the count's noun phrase, as written ("Shahed", "Kh-101", "Iskander-M")."""
    if span is None:
        return None
    noun = span.root.head if span.root.dep_ in ("nummod", "compound") else None
    if noun is None:
        return None
    names = [t for t in noun.lefts if t.i > span.end - 1 and t.pos_ == "PROPN" and t.dep_ == "compound"]
    if not names:
        return None
    first, last = names[0], names[-1]
    while last.i + 2 < noun.i and noun.doc[last.i + 1].text == "-":
        last = noun.doc[last.i + 2]
    return noun.doc[first.i:last.i + 1].text


def _part_index(found: list[Count], s: Structure) -> int | None:
    """The earlier count whose tokens hold the total this count is part of ("35 killed, including two children")."""
    if s.part_of is None:
        return None
    total = s.part_of
    for i in range(len(found) - 1, -1, -1):
        start, end = found[i].tokens
        if start <= total.i < end or (total.pos_ != "NUM" and any(
                t.i == total.i for t in _nouns_of(found[i], total.doc))):
            return i
    return None


def _nouns_of(count: Count, doc):
    start, end = count.tokens
    head = doc[start:end].root
    return [head.head] if head.dep_ in ("nummod", "compound", "quantmod") else [head]


def _part_of_spared(read: ReadArticle, m: Mention, found: list[Count]) -> bool:
    """A sub-count of people freed or exchanged is freed too: "33 Israelis are being freed — including eight who are
    dead" (bodies returned, not a death toll)."""
    before = found[-1] if found else None
    return (before is not None and before.spared and m.start - before.mention.end < 200
            and bool(_SUBCOUNT.search(read.text, before.mention.end, m.start)))



def marked_passages(read: ReadArticle, found: list[Count], asked: list[int]) -> list[tuple[tuple[int, ...], str]]:
    """The passages the model reads, each with the counts it asks about marked ⟦1⟧…⟦n⟧ just before their numbers:
    runs of the counts' sentences of at most _PASSAGE characters and _MARKS counts, widened to their whole paragraphs
    where those fit too (paragraphs kept apart by line breaks)."""
    groups: list[list] = []  # [counts, start, end]
    for i in asked:
        m = found[i].mention
        start, end = read.sentence(m.start, m.end)
        start, end = max(start, m.start - _WINDOW), min(end, m.end + _WINDOW)  # a text with no full stops
        if groups and len(groups[-1][0]) < _MARKS and end - groups[-1][1] <= _PASSAGE:
            groups[-1][0].append(i)
            groups[-1][2] = max(groups[-1][2], end)
        else:
            groups.append([[i], start, end])
    passages = []
    for counts, start, end in groups:
        first, last = paragraph_of(read.text, start)[0], paragraph_of(read.text, max(start, end - 1))[1]
        if last - first <= _PASSAGE:
            start, end = first, last
        pieces, at = [], start
        for k, i in enumerate(counts, start=1):
            pieces += [read.text[at:found[i].mention.start], f"⟦{k}⟧"]
            at = found[i].mention.start
        pieces.append(read.text[at:end + 1])
        lines = "".join(pieces).splitlines()
        passages.append((tuple(counts), "\n".join(" ".join(line.split()) for line in lines if line.strip())))
    return passages
