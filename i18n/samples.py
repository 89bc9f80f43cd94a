"""The detection samples: short shop messages per language, written for the tests and the bench
(datasets/languages/<language>.txt: typos, order ids, no accents)."""

from __future__ import annotations

from pathlib import Path

from i18n import LANGUAGES
from i18n.detect import detect

SAMPLES = Path(__file__).parents[1] / "datasets" / "languages"


def samples(language: str) -> list[str]:
    text = (SAMPLES / f"{language}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def accuracy() -> dict[str, dict[str, object]]:
    """Per language: how many samples, how many detected right, and what the others became."""
    figures: dict[str, dict[str, object]] = {}
    for language in LANGUAGES:
        said = samples(language)
        found = [detect(text) for text in said]
        wrong = [(text, got) for text, got in zip(said, found, strict=True) if got != language]
        figures[language] = {
            "messages": len(said),
            "right": len(said) - len(wrong),
            "accuracy": (len(said) - len(wrong)) / len(said),
            "undecided": sum(1 for _, got in wrong if got is None),
            "wrong": [f"{got}: {text}" for text, got in wrong],
        }
    return figures
