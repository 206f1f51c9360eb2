"""The words around a number that say what it counts: weapon-class nouns and role verbs.

Shared by assembly (the noun after a number sets the weapon class) and the checker (words that contradict a
label). Patterns are matched case-insensitively on word boundaries."""

from __future__ import annotations

import re

# Nouns that name a weapon class plainly ("78 missiles", "four guided aerial bombs").
CLASS_WORDS: dict[str, str] = {
    "glide_bomb": r"glide\s+bombs?|guided\s+(?:aerial\s+)?bombs?|aerial\s+bombs?|KABs?",
    "missile": r"(?:cruise\s+|ballistic\s+)?missiles?|Kh-\d+\w*|Kalibrs?|Iskanders?|ATACMS|Storm\s+Shadows?|Oreshnik",
    "drone": r"drones?|UAVs?|Shaheds?|Gerans?|Lancets?|unmanned\s+aerial\s+vehicles?|loitering\s+munitions?",
    "rocket": r"rockets?|MLRS|Grads?|Qassams?",
    "artillery": r"shells?|artillery|mortars?|mortar\s+rounds?|rounds",
    "aircraft": r"aircraft|(?:fighter\s+)?jets?|planes?|helicopters?|warplanes?|gunships?",
}

# Nouns for people, which munitions never are.
PEOPLE_WORDS = (r"people|persons?|civilians?|soldiers?|troops|servicemen|personnel|fighters|militants|children|"
                r"women|men|residents|villagers|individuals|policemen|police|officers|hostages|Palestinians|"
                r"Israelis|Ukrainians|Russians|terrorists|insurgents|rebels")

# Verbs and phrases that state a role. Longer phrases first, so "shot down" is not read as "shot".
ROLE_WORDS: dict[str, str] = {
    "intercepted": r"shot\s+down|shoot\s+down|shooting\s+down|downed|downing|intercept\w*|destroy(?:ed|ing|s)?|"
                   r"neutrali[sz]\w*|thwart\w*|repelled|repulsed",
    "jammed": r"jamm\w*|electronic\s+warfare|locationally\s+lost|lost\s+(?:locally|to)|did\s+not\s+reach|"
              r"veer\w*\s+off|went\s+astray|suppress\w*",
    "launched": r"launch\w*|fired|firing|fire|attacked|targeted|used|using|utili[sz]\w*|employ\w*|barrage|"
                r"salvo|dropped|bombed|shelled",
    "hit": r"hit|struck|reached\s+(?:their\s+)?targets|impact\w*|landed|fell|explosions?|exploded|"
           r"failed\s+to\s+(?:stop|intercept)|got\s+through",
    "killed": r"killed|kill\w*|dead|died|deaths?|death\s+toll|lives|martyr\w*|fatalit\w*|bodies|"
              r"neutrali[sz]ed",
    "injured": r"injur\w*|wounded|wounding|hurt",
    "killed_or_injured": r"killed\s+or\s+(?:injured|wounded)|killed\s+and\s+(?:injured|wounded)|casualties|losses",
    "missing": r"missing|unaccounted|fate\s+\w+\s+unknown|(?:being\s+)?sought|searched\s+for",
    "captured": r"captured|captive|prisoners?|hostages?|abducted|kidnapped|detained|taken\s+prisoner",
    "deployed": r"deploy\w*|dispatch\w*|sent|stationed|massed|troops|a\s+force\s+of",
}


def _compile(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


CLASS_RE = {name: _compile(p) for name, p in CLASS_WORDS.items()}
ROLE_RE = {name: _compile(p) for name, p in ROLE_WORDS.items()}
PEOPLE_RE = _compile(PEOPLE_WORDS)


def weapon_class_in(words: str | None) -> str | None:
    """The weapon class the words name, when exactly one class is named."""
    if not words:
        return None
    named = {name for name, pattern in CLASS_RE.items() if pattern.search(words)}
    return named.pop() if len(named) == 1 else None


_NOUN_END = re.compile(
    r"[,.;:()\u2014\u2013]|\s\d|\b(?:and|while|in|on|at|from|by|with|were|was|have|has|had|are|is|that|which|"
    r"who|to|into|for|near|across|during|since|after|before|over)\b", re.IGNORECASE)


def noun_after(article: str, end: int, width: int = 40) -> str:
    """The noun phrase right after a number, where "78 missiles" names its class: up to the next punctuation,
    preposition, verb or number. A partitive "of the" is read through ("51 of the drones")."""
    rest = re.sub(r"[\"“”„«»]", " ", article[end:end + width])  # 363 “Shahed“ drones
    partitive = re.match(r"\s+of\s+(?:the|them|these|those)\b", rest, re.IGNORECASE)
    if partitive:
        rest = rest[partitive.end():]
    return _NOUN_END.split(rest, maxsplit=1)[0]
