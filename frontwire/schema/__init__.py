"""The published JSON Schema of a story record (one line of ``--out`` JSONL)."""

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def story_schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("story.schema.json").read_text("utf-8"))


def validate(record: dict) -> None:
    """Raise ``jsonschema.ValidationError`` if ``record`` does not follow the schema."""
    import jsonschema

    jsonschema.validate(record, story_schema())
