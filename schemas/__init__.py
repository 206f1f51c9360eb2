"""Pydantic models for conflict facts (installed as extractor.schemas from the repository's schemas/)."""

from .bare import BareFact, BareFacts
from .core import Actor, Alignment, Anchored, DatePrecision, DateRef, Place, Quantity, Source
from .events import (
    HEADLINE_ROLES,
    ROLES,
    Attack,
    CasualtyCount,
    CasualtyReport,
    Category,
    Context,
    Event,
    Extraction,
    ForceDeployment,
    MunitionCount,
    OtherClaim,
    WeaponClass,
)
from .label import (
    LABELS,
    OPTION_LETTERS,
    PEOPLE_LABELS,
    WEAPON_LABELS,
    MarkedLabels,
    MentionLabel,
    by_mark,
    marked,
    restricted,
)
from .result import (
    Attempts,
    ErrorClass,
    ErrorInfo,
    FactRow,
    Finding,
    Located,
    RepairRound,
    Result,
    Usage,
    located_rows,
)

# Bump on any change to the shape or meaning of these models; it travels into every result.
SCHEMA_VERSION = "2.4"  # 2.1: title and url on results and fact rows; 2.2: events within an article (event_id);
# 2.3: each event's kind and sides (Extraction.events); 2.4: the places an article names (Extraction.places_named)

__all__ = [
    "SCHEMA_VERSION", "BareFact", "BareFacts", "Actor", "Alignment", "Anchored", "DatePrecision", "DateRef", "Place", "Quantity", "Source",
    "LABELS", "OPTION_LETTERS", "PEOPLE_LABELS", "WEAPON_LABELS", "MentionLabel", "restricted", "HEADLINE_ROLES", "ROLES", "Attack", "CasualtyCount", "CasualtyReport", "Category", "Context", "Extraction",
    "Event", "ForceDeployment", "MunitionCount", "OtherClaim", "WeaponClass", "Attempts", "ErrorClass", "ErrorInfo", "FactRow", "Finding", "RepairRound",
    "Result", "Usage", "Located", "located_rows", "MarkedLabels", "marked", "by_mark",
]
