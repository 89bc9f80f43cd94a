"""The CloudMart tools, each defined once in one registry, and the runner that guards them."""

from cloudmart.tools import order_tools, product_tools, support_tools  # noqa: F401 - registers
from cloudmart.tools.registry import TOOLS

__all__ = ["TOOLS"]
