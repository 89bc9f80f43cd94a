"""RETAIL.md §4 `calculate`: digits, + - * / ( ) . and spaces, rounded to two decimals."""

from __future__ import annotations

import ast
import operator
import re
from decimal import ROUND_HALF_EVEN, Decimal, DivisionByZero, InvalidOperation

from simpleeval import InvalidExpression, SimpleEval

from cloudmart.errors import UnprocessableError

ALLOWED = re.compile(r"^[0-9+\-*/(). ]+$")
MAX_LENGTH = 500


def calculate(expression: str) -> Decimal:
    """The expression's value in exact decimal arithmetic, rounded half-even to cents."""
    if not ALLOWED.match(expression) or len(expression) > MAX_LENGTH:
        raise UnprocessableError(
            "only digits, + - * / ( ) . and spaces",
            errors={"expression": ["only digits, + - * / ( ) . and spaces"]},
        )
    evaluator = SimpleEval(
        operators={
            ast.Add: operator.add,
            ast.Sub: operator.sub,
            ast.Mult: operator.mul,
            ast.Div: operator.truediv,
            ast.USub: operator.neg,
            ast.UAdd: operator.pos,
        },
        functions={},
        names={},
    )
    try:
        tree = ast.parse(expression.strip(), mode="eval")
        value = evaluator.eval(expression.strip(), previously_parsed=_as_decimals(tree))
        return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    except (SyntaxError, InvalidExpression, ZeroDivisionError, DivisionByZero, InvalidOperation):
        raise UnprocessableError(
            "not a valid expression", errors={"expression": ["not a valid expression"]}
        ) from None


def _as_decimals(tree: ast.Expression) -> ast.AST:
    """Number literals as exact decimals (0.1 + 0.2 is 0.3); the body simpleeval evaluates."""

    class Decimals(ast.NodeTransformer):
        def visit_Constant(self, node: ast.Constant) -> ast.AST:
            if isinstance(node.value, int | float) and not isinstance(node.value, bool):
                return ast.copy_location(ast.Constant(Decimal(repr(node.value))), node)
            return node

    return Decimals().visit(tree).body
