import json

import pytest
from click.testing import CliRunner
from extractor.schemas import SCHEMA_VERSION, FactRow, Quantity
from pydantic import ValidationError

from extractor.cli import main

# The facts view is a public contract: these fields, in this order, mean what the foundation issue says.
CONTRACT = ["article_id", "category", "role", "weapon_class", "weapon", "subject", "value", "low", "high",
            "approximate", "lower_bound", "upper_bound", "date", "date_precision", "location", "source", "text",
            "start", "end", "verified"]


def test_facts_row_keeps_the_contract_fields():
    assert list(FactRow.model_fields)[:len(CONTRACT)] == CONTRACT


def test_quantity_span_must_be_whole_and_ordered():
    Quantity(text="78", value=78, start=3, end=5)
    with pytest.raises(ValidationError):
        Quantity(text="78", value=78, start=3)
    with pytest.raises(ValidationError):
        Quantity(text="78", value=78, start=5, end=3)


def test_unknown_fields_are_rejected():
    with pytest.raises(ValidationError):
        Quantity(text="78", value=78, confidence=0.9)


@pytest.mark.parametrize("which, title", [("result", "Result"), ("extraction", "Extraction"), ("facts", "FactRow"),
                                          ("label", "MentionLabel")])
def test_schema_command_prints_json_schema(which, title):
    out = CliRunner().invoke(main, ["schema", which])
    assert out.exit_code == 0
    document = json.loads(out.output)
    assert document["title"] == title
    assert SCHEMA_VERSION in document["$comment"]
