"""The JSON Schema of the scenario format, generated from the model (never written by hand)."""

from __future__ import annotations

import json

from .model import Scenario

SCHEMA_ID = "https://crisis.invalid/schema/scenario-v1.schema.json"


def schema() -> dict[str, object]:
    data = Scenario.model_json_schema(mode="validation")
    data = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **data}
    # The model checks conditions, references and ranges itself; the schema helps editors with
    # structure and descriptions.
    return data


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
