"""The catalogues: every message the code writes for a shopper is in each language, with the
same placeholders; and no shopper-visible sentence is written in code without the catalogue."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from i18n import LANGUAGES, LOCALES

ROOT = Path(__file__).parents[2]
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def extracted() -> Catalog:
    """The messages as the code has them now (what `make messages` writes to the .pot)."""
    catalog = Catalog()
    for folder in ("cloudmart", "providers", "i18n"):
        found = extract_from_dir(
            ROOT / folder, [("**.py", "python")], keywords=KEYWORDS, comment_tags=()
        )
        for _, _, message, _, _ in found:
            catalog.add(message)
    return catalog


def po(language: str) -> Catalog:
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_code_writes_messages_for_shoppers() -> None:
    assert len([m for m in extracted() if m.id]) > 100


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    catalogue = po(language)
    problems = []
    for message in extracted():
        if not message.id:
            continue
        found = catalogue.get(message.id)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = found.string if found else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = placeholders(ids[-1]) | placeholders(ids[0])
        for text in strings:
            if placeholders(text) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert problems == [], "run `make messages` and translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_catalogue_holds_no_message_the_code_no_longer_writes(language: str) -> None:
    current = {m.id for m in extracted() if m.id}
    stale = [m.id for m in po(language) if m.id and m.id not in current]
    assert stale == []


# The modules that write what a shopper reads (the chat's own lines, the cards, the results,
# the offline assistant's answers). Every sentence in them goes through the catalogue.
SCANNED = [
    "cloudmart/chat/service.py",
    "cloudmart/tools/previews.py",
    "cloudmart/tools/money.py",
    "cloudmart/tools/order_tools.py",
    "cloudmart/tools/customer_tools.py",
    "providers/local.py",
    "providers/local_answers.py",
    "providers/local_retail.py",
    "providers/local_orders.py",
    "providers/local_account.py",
    "providers/local_replies.py",
    "cloudmart/support/service.py",
    "cloudmart/tools/support_tools.py",
    "cloudmart/support/inbox.py",
    "cloudmart/support/acting.py",
]
# Calls whose strings are not shown to a shopper: for the model (notes), the log, staff (a
# ticket), or the API (errors stay English for REST clients; the chat says them with `said`).
NOT_SHOWN = {
    *("_", "n_", "N_", "note", "_tell", "warning", "info", "exception", "debug", "error"),
    *("tool", "P", "ConflictError", "BadRequestError", "NotFoundError", "compile", "search"),
    *("match", "sub", "findall", "get", "call", "open", "Change", "ForbiddenError"),
    "UnprocessableError",
}
FOR_THE_MODEL = {"DESCRIPTIONS", "INSTRUCTIONS"}  # module constants a model reads
# Strings in the scanned modules that no shopper reads, each with why.
NOT_PROSE = {
    ("local.py", "The customer asked to talk to a person"),  # the ticket's summary, for staff
    ("local.py", " (about order "),  # the same summary
    ("local_answers.py", "not found"),  # matched against the tool's English error
    ("local_answers.py", "something went wrong"),  # English only (said() never shows it else)
    # the model's note of what a person said (the assistant reads it, never the customer)
    ("inbox.py", "A person from the support team answered the customer. "),
    ("inbox.py", "What they said and did: "),
    ("inbox.py", "They wrote nothing."),
}
SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,.:;!?]+[A-Za-z]{2,}.*[A-Za-z]")


def _calls(node: ast.AST) -> str:
    func = node.func  # type: ignore[attr-defined]
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def unmarked_sentences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):  # docstring
            skipped.add(id(first.value))
        if isinstance(node, ast.Call) and _calls(node) in NOT_SHOWN:
            for inner in ast.walk(node):
                skipped.add(id(inner))
        if isinstance(node, ast.Dict):  # keys are names (tools, statuses), never prose
            skipped.update(id(k) for k in node.keys if k is not None)
        targets = getattr(node, "targets", [])
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", "") in FOR_THE_MODEL for t in targets
        ):
            skipped.update(id(inner) for inner in ast.walk(node))
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and SENTENCE.search(node.value)
        and "\\b" not in node.value  # a pattern the assistant reads with
        and (path.name, node.value) not in NOT_PROSE
    ]


@pytest.mark.parametrize("module", SCANNED)
def test_shopper_visible_sentences_go_through_the_catalogue(module: str) -> None:
    assert unmarked_sentences(ROOT / module) == []
