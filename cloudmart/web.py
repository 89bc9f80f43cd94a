"""Flask glue the views share: the container accessor and the bearer-token guard."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, request

from cloudmart.errors import ForbiddenError, UnauthorizedError
from cloudmart.ops import logs
from cloudmart.principal import Principal
from cloudmart.services import EXTENSION, Services

F = TypeVar("F", bound=Callable[..., Any])


def services() -> Services:
    return current_app.extensions[EXTENSION]


def auth_required(*roles: str) -> Callable[[F], F]:
    """Require a verified bearer token (and one of `roles`, if given) before the view runs."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            found = services().tokens.verify_header(request.headers.get("Authorization", ""))
            principal = services().customers.signed_in(found)
            if roles and not principal.roles & set(roles):
                raise ForbiddenError(f"this needs the {' or '.join(roles)} role")
            g.principal = principal
            logs.customer.set(logs.customer_label(principal.customer_id))
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def current_principal() -> Principal:
    principal = g.get("principal")
    if principal is None:
        raise UnauthorizedError()
    return principal
