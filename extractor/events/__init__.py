"""From facts to events: each article's events placed on the map (gazetteer) and merged across articles into
incidents with every outlet's claims side by side (merge); the incidents as ACLED-like CSV rows (this module)."""

from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

from ..errors import InputError
from ..schemas import Result
from ..schemas.incidents import Incident
from ..views.facts import csv_cell
from .merge import incidents

CSV_COLUMNS = ["event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
               "location", "latitude", "longitude", "geo_precision", "source", "fatalities", "notes", "claims",
               "verified", "articles"]


def one_way(results: Iterable[Result]) -> Iterator[Result]:
    """The results, refused with the reason when they were made different ways (another model, prompt, policy or
    schema): their events would not be comparable."""
    first = None
    for result in results:
        made = (result.model, result.prompt_version, result.policy, result.schema_version)
        if first is None:
            first = (made, result.article_id)
        elif made != first[0] and result.status == "ok":
            names = ("model", "prompt_version", "policy", "schema_version")
            differ = "; ".join(f"{n} {a!r} for {first[1]}, {b!r} for {result.article_id}"
                               for n, a, b in zip(names, first[0], made) if a != b)
            raise InputError(f"the results were made different ways ({differ}): merge events from results made one "
                             f"way")
        yield result


def csv_rows(found: Iterable[Incident]) -> Iterator[str]:
    """ACLED-like columns (admin1 by name, actors as written), with our claims and how many are verified."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for incident in found:
        place = incident.place
        claims = "; ".join(f"{c.article_id}: {c.role} {c.text!r}" + (f" ({c.source})" if c.source else "")
                           for c in incident.claims if c.category != "other")
        sources = "; ".join(dict.fromkeys(c.source for c in incident.claims if c.source))
        writer.writerow([csv_cell(v) for v in (
            incident.event_id, incident.event_date, incident.event_type, incident.sub_event_type, incident.actor1,
            incident.actor2, incident.country, place.admin1_name if place else None, place.written if place else None,
            place.latitude if place else None, place.longitude if place else None,
            place.geo_precision if place else None, sources, incident.fatalities, "; ".join(incident.notes), claims,
            f"{sum(c.verified for c in incident.claims)}/{len(incident.claims)}", " ".join(incident.articles))])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


__all__ = ["CSV_COLUMNS", "csv_rows", "incidents", "one_way"]
