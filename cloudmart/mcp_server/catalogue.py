"""The registry rendered as MCP tools: schemas, annotations, output schemas where fixed."""

from __future__ import annotations

from typing import Any

import mcp_types as types

from cloudmart.principal import Principal
from cloudmart.tools.registry import Tool, ToolRegistry
from providers.tool_schemas import json_schema

# Writes that leave the same state when repeated with the same arguments.
IDEMPOTENT_WRITES = frozenset(
    {"modify_pending_order_address", "modify_pending_order_payment", "modify_user_address"}
)
HELD_NOTE = (
    " Nothing changes when you call it: the customer confirms it themselves (a form or the "
    "shop's confirmation page); the result says what happened or where they confirm it."
)
OUTCOME_TOOL = "get_action_outcome"


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    props = {"ok": {"type": "boolean"}, **properties}
    return {"type": "object", "properties": props, "required": ["ok", *required]}


_OBJ, _STR, _INT = {"type": "object"}, {"type": "string"}, {"type": "integer"}
_LIST = {"type": "array", "items": _OBJ}
OUTPUT_SCHEMAS: dict[str, dict[str, Any]] = {
    "list_my_orders": _object({"orders": _LIST, "count": _INT}, ["orders", "count"]),
    "get_order_details": _object({"order": _OBJ, "view": _OBJ}, ["order", "view"]),
    "get_my_profile": _object({"user_id": _STR, "user": _OBJ}, ["user_id", "user"]),
    "get_user_details": _object({"user": _OBJ}, ["user"]),
    "get_product_details": _object({"product": _OBJ}, ["product"]),
    "get_product": _object({"product": _OBJ}, ["product"]),
    "search_products": _object({"products": _LIST, "count": _INT}, ["products", "count"]),
    "recommend_products": _object({"products": _LIST, "count": _INT}, ["products", "count"]),
    "find_user_id_by_email": _object({"user_id": _STR}, ["user_id"]),
    "find_user_id_by_name_zip": _object({"user_id": _STR}, ["user_id"]),
    "calculate": _object({"result": _STR}, ["result"]),
}
OUTCOME_SCHEMA = _object(
    {"action": {"type": "object", "properties": {"id": _STR, "status": _STR}}},
    ["action"],
)


def render(tool: Tool) -> types.Tool:
    spec = tool.spec
    return types.Tool(
        name=spec.name,
        description=spec.description + (HELD_NOTE if spec.needs_confirmation else ""),
        input_schema=json_schema(spec),
        output_schema=OUTPUT_SCHEMAS.get(spec.name),
        annotations=types.ToolAnnotations(
            read_only_hint=not tool.mutates,
            destructive_hint=tool.mutates,
            idempotent_hint=not tool.mutates or spec.name in IDEMPOTENT_WRITES,
            open_world_hint=False,
        ),
    )


def outcome_tool() -> types.Tool:
    """MCP's own look-up: what became of an action the agent proposed (it confirms nothing)."""
    return types.Tool(
        name=OUTCOME_TOOL,
        description="What became of a change you proposed (by its actionId): still awaiting "
        "the customer's confirmation, executed (with the result), declined, expired or failed.",
        input_schema={
            "type": "object",
            "properties": {"action_id": {"type": "string", "description": "The actionId"}},
            "required": ["action_id"],
            "additionalProperties": False,
        },
        output_schema=OUTCOME_SCHEMA,
        annotations=types.ToolAnnotations(
            read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
        ),
    )


def tools_for(registry: ToolRegistry, principal: Principal) -> list[types.Tool]:
    """What this principal is offered: admin-only tools never to a customer."""
    return [render(t) for t in registry if t.allowed(principal)] + [outcome_tool()]
