"""`python -m providers.nlu.tune`: the model's settings compared by k-fold cross-validation on
the corpus's training part only (the held-out part stays unseen), accuracy per language."""

from __future__ import annotations

import random
import sys
from collections import Counter
from typing import Any

from providers.nlu import corpus, model
from providers.nlu.masking import mask

# The settings compared: the chosen one first.
SETTINGS: tuple[dict[str, Any], ...] = (
    {"c": model.C},
    {"c": 0.3},
    {"c": 0.5},
    {"c": 2.0},
    {"c": model.C, "class_weight": "balanced"},
)


def folds(examples: list[corpus.Example], k: int) -> list[list[corpus.Example]]:
    """k folds, each language and intent spread evenly over them (a fixed shuffle)."""
    ordered = sorted(examples, key=lambda e: (e.language, e.intent, e.text))
    random.Random(model.SEED).shuffle(ordered)
    ordered.sort(key=lambda e: (e.language, e.intent))  # stable: shuffled within each group
    return [ordered[i::k] for i in range(k)]


def cross_validate(examples: list[corpus.Example], k: int = 5, **settings: Any) -> dict:
    """Accuracy per language of models trained on k-1 folds, read on the fold left out."""
    right, seen = Counter(), Counter()
    parts = folds(examples, k)
    for n, part in enumerate(parts):
        rest = [e for m, other in enumerate(parts) if m != n for e in other]
        predicted = model.train(rest, **settings).predict([mask(e.text) for e in part])
        for example, intent in zip(part, predicted, strict=True):
            seen[example.language] += 1
            right[example.language] += intent == example.intent
    return {lang: round(100 * right[lang] / seen[lang], 1) for lang in seen}


def main(k: int = 5) -> None:
    training = [e for e in corpus.load() if not e.held_out]
    for settings in SETTINGS:
        scores = cross_validate(training, k, **settings)
        mean = sum(scores.values()) / len(scores)
        print(f"{settings}: {scores} mean {mean:.1f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
