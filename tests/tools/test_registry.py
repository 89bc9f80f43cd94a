"""The tool registry: one definition per tool, its vendor renderings, and argument checking."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from cloudmart.principal import Principal
from cloudmart.tools import TOOLS
from cloudmart.tools.registry import (
    MAX_ARGUMENTS_BYTES,
    ArgumentError,
    DuplicateToolError,
    Preview,
    Tool,
    ToolRegistry,
    parse_arguments,
)
from providers.base import ToolParameter as P
from providers.base import ToolSpec
from providers.tool_schemas import (
    BEDROCK_NAME,
    BEDROCK_TYPES,
    bedrock_function,
    chat_completions_tool,
    openai_function_tool,
)

CUSTOMER = Principal("c-alice", "alice@example.com", frozenset({"customer"}))
ADMIN = Principal("c-admin", "admin@cloudmart.example", frozenset({"admin"}))
WRITES = {  # the retail reference's seven writes (docs/RETAIL.md §3), each confirmed first
    "cancel_pending_order",
    "modify_pending_order_address",
    "modify_pending_order_payment",
    "modify_pending_order_items",
    "return_delivered_order_items",
    "exchange_delivered_order_items",
    "modify_user_address",
}
READS = {  # the reference's reads and utilities (§4)
    "get_order_details",
    "get_user_details",
    "find_user_id_by_email",
    "find_user_id_by_name_zip",
    "get_product_details",
    "list_all_product_types",
    "calculate",
    "think",
    "transfer_to_human_agents",
}
EXPECTED_TOOLS = (
    WRITES
    | READS
    | {  # and CloudMart's own
        "get_my_profile",
        "list_my_orders",
        "search_products",
        "recommend_products",
        "get_product",
        "delete_order",
    }
)
SPEC = ToolSpec(
    "probe",
    "Every parameter type the registry knows.",
    (
        P("order_id", "string", "required string"),
        P("s", "string", "string", required=False),
        P("n", "integer", "integer", required=False),
        P("x", "number", "number", required=False),
        P("b", "boolean", "boolean", required=False),
        P("tags", "array", "strings", required=False),
        P("ids", "array", "integers", required=False, items="integer"),
        P("color", "string", "enum", required=False, enum=("red", "blue")),
    ),
)


def noop(ctx: Any, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {}


def preview(ctx: Any, args: dict[str, Any]) -> Preview:
    return Preview("do it")


# --- registration -----------------------------------------------------------------------------


def test_a_duplicate_name_raises_and_keeps_the_first() -> None:
    registry = ToolRegistry()
    first = registry.register(Tool(ToolSpec("t", "first"), frozenset({"customer"}), noop))
    with pytest.raises(DuplicateToolError, match="t is already registered"):
        registry.register(Tool(ToolSpec("t", "second"), frozenset({"customer"}), noop))
    with pytest.raises(DuplicateToolError):
        registry.tool("t", "third via the decorator")(noop)
    assert registry.get("t") is first


def test_a_confirm_tool_needs_a_preview() -> None:
    registry = ToolRegistry()
    with pytest.raises(ValueError, match="needs a preview"):
        registry.tool("gated", "no preview", confirm=True)(noop)
    assert registry.get("gated") is None
    registry.tool("gated", "with preview", confirm=True, preview=preview)(noop)
    tool = registry.get("gated")
    assert tool is not None and tool.spec.needs_confirmation and tool.mutates


def test_the_app_registers_exactly_the_designed_tools() -> None:
    assert {t.name for t in TOOLS} == EXPECTED_TOOLS
    gated = {t.name for t in TOOLS if t.spec.needs_confirmation}
    assert gated == WRITES | {"delete_order"}
    assert all(t.preview is not None for t in TOOLS if t.spec.needs_confirmation)


@pytest.mark.parametrize(
    ("principal", "offered"),
    [(CUSTOMER, EXPECTED_TOOLS - {"delete_order"}), (ADMIN, EXPECTED_TOOLS)],
    ids=["customer", "admin"],
)
def test_specs_for_offers_admin_tools_to_admins_only(principal, offered) -> None:
    names = [s.name for s in TOOLS.specs_for(principal)]
    assert len(names) == len(set(names)) and set(names) == offered


def test_specs_for_a_principal_without_roles_is_empty() -> None:
    assert TOOLS.specs_for(Principal("x", "x@example.com", frozenset())) == ()


# --- renderings of the one definition ---------------------------------------------------------


def _from_spec(spec: ToolSpec) -> dict[str, tuple[str, bool]]:
    return {p.name: (p.type, p.required) for p in spec.parameters}


def _from_openai(tool: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """Strict mode: every property is required; an optional one is nullable instead."""
    assert tool["type"] == "function" and tool["strict"] is True
    schema = tool["parameters"]
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["required"] == list(schema["properties"])
    out = {}
    for name, prop in schema["properties"].items():
        kind = prop["type"]
        nullable = isinstance(kind, list)
        if nullable:
            assert len(kind) == 2 and kind[1] == "null", prop
            kind = kind[0]
            assert prop.get("enum") is None or prop["enum"][-1] is None, prop
        out[name] = (kind, not nullable)
    return out


def _from_chat_completions(tool: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    assert tool["type"] == "function" and set(tool) == {"type", "function"}
    schema = tool["function"]["parameters"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) <= set(schema["properties"])
    assert all(isinstance(p["type"], str) for p in schema["properties"].values())
    return {n: (p["type"], n in schema["required"]) for n, p in schema["properties"].items()}


def _from_bedrock(function: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    assert BEDROCK_NAME.match(function["name"])
    for name, param in function["parameters"].items():
        assert BEDROCK_NAME.match(name), name
        assert param["type"] in BEDROCK_TYPES and param["type"] != "object", param
    return {n: (p["type"], p["required"]) for n, p in function["parameters"].items()}


def _name(rendering: dict[str, Any]) -> str:
    return rendering.get("name") or rendering["function"]["name"]


@pytest.mark.parametrize("tool", list(TOOLS), ids=lambda t: t.name)
def test_every_rendering_names_the_same_parameters(tool: Tool) -> None:
    spec = tool.spec
    expected = _from_spec(spec)
    renderings = {
        "openai": (openai_function_tool(spec), _from_openai),
        "chat_completions": (chat_completions_tool(spec), _from_chat_completions),
        "bedrock": (bedrock_function(spec), _from_bedrock),
    }
    for vendor, (rendering, read) in renderings.items():
        assert _name(rendering) == spec.name, vendor
        assert read(rendering) == expected, vendor
    enums = {p.name: list(p.enum) for p in spec.parameters if p.enum}
    chat_props = chat_completions_tool(spec)["function"]["parameters"]["properties"]
    assert {n: chat_props[n]["enum"] for n in enums} == enums


def test_renderings_of_optional_enum_and_array_parameters() -> None:
    props = openai_function_tool(SPEC)["parameters"]["properties"]
    assert props["color"]["enum"] == ["red", "blue", None]
    assert props["ids"] == {**props["ids"], "type": ["array", "null"], "items": {"type": "integer"}}
    assert props["order_id"]["type"] == "string"
    assert _from_bedrock(bedrock_function(SPEC)) == _from_spec(SPEC)


@pytest.mark.parametrize(
    "spec",
    [
        ToolSpec("bad name!", "x"),
        ToolSpec("t", "x" * 1201),
        ToolSpec("t", "x", (P("bad.param", "string", "x"),)),
        ToolSpec("t", "x", (P("p", "object", "x"),)),  # type: ignore[arg-type]
        ToolSpec("t", "x", (P("p", "string", "x" * 501),)),
    ],
    ids=["tool-name", "long-description", "param-name", "object-type", "long-param-description"],
)
def test_bedrock_rejects_what_it_cannot_express(spec: ToolSpec) -> None:
    with pytest.raises(ValueError):
        bedrock_function(spec)


# --- parse_arguments: coercion ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"n": "2"}, {"n": 2}),
        ({"n": 2}, {"n": 2}),
        ({"n": 2.0}, {"n": 2}),
        ({"n": " -7 "}, {"n": -7}),
        ({"x": "19.99"}, {"x": Decimal("19.99")}),
        ({"x": 19.99}, {"x": Decimal("19.99")}),
        ({"x": 5}, {"x": Decimal(5)}),
        ({"b": "true"}, {"b": True}),
        ({"b": "false"}, {"b": False}),
        ({"b": " TRUE "}, {"b": True}),
        ({"b": False}, {"b": False}),
        ({"tags": '["a", "b"]'}, {"tags": ["a", "b"]}),
        ({"tags": "a, b ,c"}, {"tags": ["a", "b", "c"]}),
        ({"tags": ["a"]}, {"tags": ["a"]}),
        ({"tags": "[a, b]"}, {"tags": ["a", "b"]}),
        ({"ids": "[1, 2]"}, {"ids": [1, 2]}),
        ({"ids": "1,2"}, {"ids": [1, 2]}),
        ({"color": "blue"}, {"color": "blue"}),
        ({"s": "  padded  "}, {"s": "padded"}),
        ({"n": None, "s": ""}, {}),
    ],
)
def test_coercion(raw: dict[str, Any], expected: dict[str, Any]) -> None:
    args = {"order_id": "CM-7890", **raw}
    assert parse_arguments(SPEC, args) == {"order_id": "CM-7890", **expected}
    assert parse_arguments(SPEC, json.dumps(args)) == {"order_id": "CM-7890", **expected}


def test_openai_json_and_bedrock_strings_give_the_same_arguments() -> None:
    bedrock = {"order_id": "CM-7890", "n": "3", "x": "5.50", "b": "false", "tags": '["a"]'}
    openai = json.dumps({"order_id": "CM-7890", "n": 3, "x": 5.5, "b": False, "tags": ["a"]})
    expected = {"order_id": "CM-7890", "n": 3, "x": Decimal("5.5"), "b": False, "tags": ["a"]}
    assert parse_arguments(SPEC, bedrock) == parse_arguments(SPEC, openai) == expected
    assert parse_arguments(SPEC, openai.encode()) == expected


def test_empty_arguments_mean_no_arguments() -> None:
    spec = TOOLS.get("list_my_orders").spec  # type: ignore[union-attr]
    assert parse_arguments(spec, "") == parse_arguments(spec, {}) == {}


# --- parse_arguments: rejections --------------------------------------------------------------

BIG = "x" * (MAX_ARGUMENTS_BYTES + 1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"customer_email": "bob@example.com"}, "unknown arguments: customer_email"),
        ({"user_email": "bob@example.com"}, "unknown arguments: user_email"),
        ('{"order_id": "CM-1", "email": "bob@example.com"}', "unknown arguments: email"),
        ({"order_id": None}, "order_id is required"),
        ({"order_id": ""}, "order_id is required"),
        ({"order_id": "CM-1", "n": "abc"}, "n must be a whole number"),
        ({"order_id": "CM-1", "n": "2.5"}, "n must be a whole number"),
        ({"order_id": "CM-1", "n": 2.5}, "n must be a whole number"),
        ({"order_id": "CM-1", "n": True}, "n must be a whole number"),
        ({"order_id": "CM-1", "n": "1234567890123"}, "n must be a whole number"),
        ({"order_id": {"$ne": ""}}, "order_id must be a string"),
        ({"order_id": True}, "order_id must be a string"),
        ({"order_id": ["CM-1"]}, "order_id must be a string"),
        ({"order_id": "x" * 1001}, "longer than 1000"),
        ({"order_id": "CM-1", "x": "abc"}, "x must be a number"),
        ({"order_id": "CM-1", "x": True}, "x must be a number"),
        ({"order_id": "CM-1", "x": "1e10"}, "x must be a finite number"),
        ({"order_id": "CM-1", "b": "yes"}, "b must be true or false"),
        ({"order_id": "CM-1", "b": 1}, "b must be true or false"),
        ({"order_id": "CM-1", "color": "green"}, "color must be one of red, blue"),
        ({"order_id": "CM-1", "color": "RED"}, "color must be one of red, blue"),
        ({"order_id": "CM-1", "tags": {"a": 1}}, "tags must be a list"),
        ({"order_id": "CM-1", "tags": [{"a": 1}]}, "tags must be a string"),
        ({"order_id": "CM-1", "ids": "1,two"}, "ids must be a whole number"),
        (json.dumps({"order_id": BIG}), "too large"),
        ({"order_id": "CM-1", "s": BIG}, "too large"),
        ('{"order_id": "CM-1"', "not valid JSON"),
        ("order_id=CM-1", "not valid JSON"),
        ('["CM-1"]', "must be an object"),
        ('"CM-1"', "must be an object"),
        (42, "must be an object"),
    ],
)
def test_rejections(raw: Any, message: str) -> None:
    with pytest.raises(ArgumentError, match=message):
        parse_arguments(SPEC, raw)


@pytest.mark.parametrize(
    "raw",
    [
        '{"order_id": "CM-1", "x": NaN}',
        '{"order_id": "CM-1", "x": Infinity}',
        '{"order_id": "CM-1", "x": -Infinity}',
        '{"order_id": "CM-1", "n": NaN}',
        '{"order_id": "CM-1", "n": Infinity}',
        '{"order_id": "CM-1", "s": NaN}',
        {"order_id": "CM-1", "x": "NaN"},
        {"order_id": "CM-1", "x": "sNaN"},
        {"order_id": "CM-1", "x": "-Infinity"},
        {"order_id": "CM-1", "x": float("nan")},
        {"order_id": "CM-1", "n": float("inf")},
        {"order_id": "CM-1", "ids": "[1, NaN]"},
    ],
)
def test_nan_and_infinity_are_rejected(raw: Any) -> None:
    with pytest.raises(ArgumentError):
        parse_arguments(SPEC, raw)
