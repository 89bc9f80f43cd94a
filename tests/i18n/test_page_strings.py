"""The page's strings: every language has every key with the same {{placeholders}}, and no
component writes a visible English text of its own (frontend/src/locales, react-i18next)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

SRC = Path(__file__).parents[2] / "frontend" / "src"
LOCALES = SRC / "locales"
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}|<(\d+)>")


def leaves(tree: Any, path: str = "") -> dict[str, str]:
    if isinstance(tree, dict):
        return {k: v for key, sub in tree.items() for k, v in leaves(sub, f"{path}.{key}").items()}
    if isinstance(tree, list):
        return {k: v for n, sub in enumerate(tree) for k, v in leaves(sub, f"{path}.{n}").items()}
    return {path: str(tree)}


def strings(language: str) -> dict[str, str]:
    return leaves(json.loads((LOCALES / f"{language}.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_every_page_string_is_translated_with_the_same_placeholders(language: str) -> None:
    english, translated = strings("en"), strings(language)
    assert set(translated) == set(english)
    for key, text in english.items():
        assert translated[key].strip(), key
        assert set(PLACEHOLDER.findall(translated[key])) == set(PLACEHOLDER.findall(text)), key


# Visible text in JSX: between tags, or in the attributes a person reads or hears.
TEXT_NODE = re.compile(r">\s*([A-Za-z][^<>{}]*[A-Za-z.!?…])\s*<")
ATTRIBUTE = re.compile(r"\b(aria-label|placeholder|title|alt)=\"([^\"]*[A-Za-z][^\"]*)\"")


@pytest.mark.parametrize("component", sorted(p.name for p in (SRC / "components").glob("*.jsx")))
def test_no_component_writes_its_own_english(component: str) -> None:
    source = (SRC / "components" / component).read_text(encoding="utf-8")
    assert TEXT_NODE.findall(source) == []
    assert ATTRIBUTE.findall(source) == []
