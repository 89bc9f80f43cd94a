"""Customer and catalogue tools under the retail reference's names (docs/RETAIL.md §4).

On a customer's conversation the look-ups find only that customer; on an admin's (an agent
helping a customer) they find anyone. The principal is the conversation's, never the model's.
"""

from __future__ import annotations

from typing import Any

from cloudmart.records import Preview
from cloudmart.retail.calculate import calculate as evaluate
from cloudmart.retail.projection import customer_out, product_out
from cloudmart.tools.deps import Confirmed, ToolDeps
from cloudmart.tools.order_tools import ADDRESS, address_of
from cloudmart.tools.previews import one_line
from cloudmart.tools.registry import TOOLS
from providers.base import ToolParameter as P

USER_ID = P("user_id", "string", "The customer's user id, e.g. sara_doe_496")


@TOOLS.tool(
    "find_user_id_by_email",
    "Find the customer's user id by their email.",
    params=[P("email", "string", "The customer's email")],
)
def find_user_id_by_email(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"user_id": deps.customers.find_by_email(deps.principal, args["email"]).id}


@TOOLS.tool(
    "find_user_id_by_name_zip",
    "Find the customer's user id by first name, last name and zip code.",
    params=[
        P("first_name", "string", "First name, e.g. John"),
        P("last_name", "string", "Last name, e.g. Doe"),
        P("zip", "string", "Zip code, e.g. 12345"),
    ],
)
def find_user_id_by_name_zip(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    found = deps.customers.find_by_name_zip(
        deps.principal, args["first_name"], args["last_name"], args["zip"]
    )
    return {"user_id": found.id}


@TOOLS.tool(
    "get_user_details",
    "Get a customer's profile: name, email, default address, payment methods (gift-card "
    "balances included) and order ids.",
    params=[USER_ID],
)
def get_user_details(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"user": customer_out(deps.customers.get(deps.principal, args["user_id"]))}


@TOOLS.tool(
    "get_my_profile",
    "Get the signed-in customer's own profile (as get_user_details), user id included.",
)
def get_my_profile(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    me = deps.customers.me(deps.principal)
    return {"user_id": me.id, "user": customer_out(me)}


@TOOLS.tool(
    "get_product_details",
    "Get a product type and all its variants (item ids, options, price, availability).",
    params=[P("product_id", "string", "The product id (not an item id), e.g. 6086499569")],
)
def get_product_details(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"product": product_out(deps.products.get(args["product_id"]))}


@TOOLS.tool("list_all_product_types", "List every product type: name -> product id.")
def list_all_product_types(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"products": deps.products.product_types()}


@TOOLS.tool(
    "calculate",
    "Calculate an arithmetic expression of numbers, + - * / and parentheses (to cents).",
    params=[P("expression", "string", "e.g. 2 + 2, or 155.33 - 147.05")],
)
def calculate(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {"result": str(evaluate(args["expression"]))}


@TOOLS.tool(
    "think",
    "Think something through before acting; changes nothing.",
    params=[P("thought", "string", "The thought")],
)
def think(deps: ToolDeps, args: dict[str, Any], **_: Any) -> dict[str, Any]:
    return {}


def _preview_user_address(deps: ToolDeps, args: dict[str, Any]) -> Preview:
    customer = deps.customers.get(deps.principal, args["user_id"])
    new = address_of(args)
    name = f"{customer.firstName} {customer.lastName}"
    summary = deps.words._(
        "Change the default address of {name} from {old} to {new} (no order's address changes).",
        name=name,
        old=one_line(customer.address),
        new=one_line(new),
    )
    return Preview(summary, None, None, {"user": customer_out(customer)})


@TOOLS.tool(
    "modify_user_address",
    "Change the customer's default address (orders keep theirs). Needs confirmation.",
    params=[USER_ID, *ADDRESS],
    confirm=True,
    preview=_preview_user_address,
)
def modify_user_address(
    deps: ToolDeps, args: dict[str, Any], confirmed: Confirmed | None = None
) -> dict[str, Any]:
    claim = confirmed.claim if confirmed else None
    customer = deps.customers.change_address(
        deps.principal, args["user_id"], address_of(args), claim=claim
    )
    return {
        "user": customer_out(customer),
        "message": deps.words._(
            "Your default address is now {address}.", address=one_line(customer.address)
        ),
    }
