"""Post-processing of the generated OpenAPI document for the API Design Rules."""

from typing import Any


def postprocess(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    return result
