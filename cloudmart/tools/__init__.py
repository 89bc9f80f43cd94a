"""The CloudMart tools, each defined once in one registry, and the runner that guards them."""

from cloudmart.tools import (  # noqa: F401 - registers
    customer_tools,
    order_tools,
    product_tools,
    support_tools,
)
from cloudmart.tools.registry import TOOLS

__all__ = ["TOOLS"]
