"""ToolRegistry: each tool once (schema, roles, confirmation, function), and argument checking."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cloudmart.principal import Principal
from cloudmart.records import Preview
from providers.base import ToolParameter, ToolSpec

MAX_ARGUMENTS_BYTES = 8 * 1024
MAX_STRING = 1000
INTEGER = re.compile(r"^[+-]?\d{1,12}$")


class DuplicateToolError(ValueError):
    """Two tools with one name: the second would silently replace the first."""


class ArgumentError(ValueError):
    """The model's arguments do not fit the tool's schema (the message says how)."""


ToolFunction = Callable[..., dict[str, Any]]
PreviewFunction = Callable[[Any, dict[str, Any]], Preview]


@dataclass(frozen=True)
class Tool:
    spec: ToolSpec
    roles: frozenset[str]
    run: ToolFunction  # run(deps, arguments, confirmed=None) -> result
    mutates: bool = False
    preview: PreviewFunction | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    def allowed(self, principal: Principal) -> bool:
        return bool(self.roles & principal.roles)


class ToolRegistry:
    """Tools by name; registering a name twice is an error, never a silent replacement."""

    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}

    def register(self, tool: Tool) -> Tool:
        if tool.name in self._tools:
            raise DuplicateToolError(f"a tool named {tool.name} is already registered")
        if tool.spec.needs_confirmation and tool.preview is None:
            raise ValueError(f"{tool.name} needs confirmation, so it needs a preview")
        self._tools[tool.name] = tool
        return tool

    def tool(
        self,
        name: str,
        description: str,
        *,
        params: Iterable[ToolParameter] = (),
        roles: Iterable[str] = ("customer", "admin"),
        confirm: bool = False,
        mutates: bool = False,
        preview: PreviewFunction | None = None,
    ) -> Callable[[ToolFunction], ToolFunction]:
        """Register the decorated function as a tool."""

        def decorator(func: ToolFunction) -> ToolFunction:
            spec = ToolSpec(name, description, tuple(params), needs_confirmation=confirm)
            self.register(Tool(spec, frozenset(roles), func, mutates or confirm, preview))
            return func

        return decorator

    def get(self, name: str) -> Tool | None:
        return self._tools.get(name)

    def __iter__(self) -> Any:
        return iter(self._tools.values())

    def specs_for(self, principal: Principal) -> tuple[ToolSpec, ...]:
        """The tools offered on this principal's conversation (admin-only ones never to others)."""
        return tuple(t.spec for t in self._tools.values() if t.allowed(principal))


def parse_arguments(spec: ToolSpec, raw: Any) -> dict[str, Any]:
    """Untrusted arguments -> a dict of exactly the declared parameters, typed."""
    if isinstance(raw, str | bytes):
        if len(raw) > MAX_ARGUMENTS_BYTES:
            raise ArgumentError("arguments are too large")
        try:
            raw = json.loads(raw or "{}")
        except ValueError:
            raise ArgumentError("arguments are not valid JSON") from None
    if not isinstance(raw, dict):
        raise ArgumentError("arguments must be an object")
    if len(json.dumps(raw, default=str)) > MAX_ARGUMENTS_BYTES:
        raise ArgumentError("arguments are too large")
    params = {p.name: p for p in spec.parameters}
    unknown = sorted(set(raw) - set(params))
    if unknown:
        raise ArgumentError(f"unknown arguments: {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for name, param in params.items():
        value = raw.get(name)
        if param.allow_empty and isinstance(value, str) and not value.strip():
            values[name] = ""
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            if param.required:
                raise ArgumentError(f"{name} is required")
            continue
        values[name] = coerce(param, value)
    return values


def coerce(param: ToolParameter, value: Any) -> Any:
    """One value by its declared type; Bedrock sends every value as a string."""
    if param.type == "array":
        items = _as_list(param.name, value)
        element = ToolParameter(param.name, param.items or "string", "")
        return [coerce(element, item) for item in items[:50]]
    converted = _SCALARS[param.type](param.name, value)
    if param.enum and converted not in param.enum:
        raise ArgumentError(f"{param.name} must be one of {', '.join(param.enum)}")
    return converted


def _string(name: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ArgumentError(f"{name} must be a string")
    text = str(value).strip()
    if len(text.encode()) > MAX_STRING:
        raise ArgumentError(f"{name} is longer than {MAX_STRING} bytes")
    return text


def _integer(name: str, value: Any) -> int:
    if (isinstance(value, str) and INTEGER.match(value.strip())) or (
        isinstance(value, float) and value.is_integer()
    ):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**12:
        return value
    raise ArgumentError(f"{name} must be a whole number")


def _number(name: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ArgumentError(f"{name} must be a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ArgumentError(f"{name} must be a number") from None
    if not number.is_finite() or abs(number) > 10**9:
        raise ArgumentError(f"{name} must be a finite number")
    return number


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ArgumentError(f"{name} must be true or false")


def _as_list(name: str, value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = [part.strip(" \"'") for part in text.strip("[]").split(",")]
            if isinstance(parsed, list):
                return [p for p in parsed if p != ""]
        return [part.strip() for part in text.split(",") if part.strip()]
    raise ArgumentError(f"{name} must be a list")


_SCALARS: dict[str, Callable[[str, Any], Any]] = {
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
}


TOOLS = ToolRegistry()  # the app's tools register here when cloudmart.tools is imported
