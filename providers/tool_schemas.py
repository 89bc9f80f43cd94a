"""Renderings of one ToolSpec for each vendor: OpenAI (Responses, Chat Completions), Bedrock."""

from __future__ import annotations

import re
from typing import Any

from providers.base import ToolParameter, ToolSpec

BEDROCK_TYPES = frozenset({"string", "number", "integer", "boolean", "array"})
BEDROCK_NAME = re.compile(r"^([0-9a-zA-Z][_-]?){1,100}$")


def _json_schema(param: ToolParameter, *, nullable: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": [param.type, "null"] if nullable else param.type,
        "description": param.description,
    }
    if param.enum:
        schema["enum"] = [*param.enum, None] if nullable else list(param.enum)
    if param.type == "array":
        schema["items"] = {"type": param.items or "string"}
    return schema


def json_schema(spec: ToolSpec, *, strict: bool = False) -> dict[str, Any]:
    """The arguments as JSON Schema; strict mode lists every property as required (nullable)."""
    props = {p.name: _json_schema(p, nullable=strict and not p.required) for p in spec.parameters}
    required = [p.name for p in spec.parameters if strict or p.required]
    return {
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def openai_function_tool(spec: ToolSpec) -> dict[str, Any]:
    """Responses API function tool (flat, strict)."""
    return {
        "type": "function",
        "name": spec.name,
        "description": spec.description,
        "parameters": json_schema(spec, strict=True),
        "strict": True,
    }


def chat_completions_tool(spec: ToolSpec) -> dict[str, Any]:
    """Chat Completions tool (nested under "function"), for OpenAI-compatible servers."""
    return {
        "type": "function",
        "function": {
            "name": spec.name,
            "description": spec.description,
            "parameters": json_schema(spec),
        },
    }


def bedrock_function(spec: ToolSpec) -> dict[str, Any]:
    """A Bedrock action-group function: scalar and array parameters only, checked here."""
    if not BEDROCK_NAME.match(spec.name):
        raise ValueError(f"{spec.name}: not a valid Bedrock function name")
    if len(spec.description) > 1200:
        raise ValueError(f"{spec.name}: description over 1200 characters")
    params = {}
    for p in spec.parameters:
        if p.type not in BEDROCK_TYPES or not BEDROCK_NAME.match(p.name):
            raise ValueError(f"{spec.name}.{p.name}: not expressible in a Bedrock functionSchema")
        if len(p.description) > 500:
            raise ValueError(f"{spec.name}.{p.name}: description over 500 characters")
        description = p.description + (f" (one of: {', '.join(p.enum)})" if p.enum else "")
        params[p.name] = {"type": p.type, "description": description, "required": p.required}
    return {
        "name": spec.name,
        "description": spec.description,
        "parameters": params,
        "requireConfirmation": "DISABLED",
    }
