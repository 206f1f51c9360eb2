"""The service tested from its own OpenAPI document with schemathesis: for every route, generated requests (valid
and invalid) never get a 5xx, every answer conforms to its documented status, headers and schema, and a request
without the key is refused (the `ignored_auth` check). Bounded: a few examples per route, no model."""

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from schemathesis.config import SchemathesisConfig

from extractor import Extractor
from extractor.service import ServiceConfig, create_app

KEY = "schemathesis-key-0123456789abcdef"
app = create_app(Extractor(use_model=False),
                 ServiceConfig(db=Path(tempfile.mkdtemp()) / "jobs.sqlite", keys=(KEY,), requests_per_minute=0,
                               failed_keys_per_minute=10**6,  # its keyless probes are not guesses to throttle
                               allowed_hosts=("testserver",)))  # the Host its ASGI transport names
# The key goes in as the document's security scheme, so schemathesis knows a request it sends without it is one.
config = SchemathesisConfig.from_dict({"auth": {"openapi": {"HTTPBearer": {"bearer": KEY}}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
# A JSONL or CSV job is text read line by line: a bad line is that article's error record, and a body with no
# article line at all is a 422. The document cannot say which text holds an article, so for these bodies "valid"
# and "invalid" generated data mean nothing; every other check still holds.
LINE_BY_LINE = ("application/x-ndjson", "text/csv", "multipart/form-data")
schemathesis.serializer.alias("application/x-ndjson", "text/plain")  # JSONL is text


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_route_conforms_to_the_openapi_document(case):
    excluded = [negative_data_rejection, positive_data_acceptance] if case.media_type in LINE_BY_LINE else []
    case.call_and_validate(excluded_checks=excluded)
