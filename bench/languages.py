"""`languages`: how often the language of a short shop message is detected right (en, es, fr,
de; datasets/languages/), and how long one detection takes."""

from __future__ import annotations

import time
from typing import Any

from bench.report import Options, print_table
from i18n.detect import detect, detector
from i18n.samples import accuracy, samples


def run(options: Options) -> dict[str, Any]:
    started = time.perf_counter()
    detector()  # built once per process (the four models preloaded)
    load_s = time.perf_counter() - started
    figures = accuracy()
    texts = [text for language in figures for text in samples(language)]
    started = time.perf_counter()
    for text in texts:
        detect(text)
    per_message_us = (time.perf_counter() - started) / len(texts) * 1e6
    print_table(
        "language of short shop messages (a wrong language or none counts as a miss)",
        ["language", "messages", "right", "accuracy", "undecided", "misses"],
        [
            [
                language,
                f["messages"],
                f["right"],
                f"{f['accuracy']:.1%}",
                f["undecided"],
                "; ".join(f["wrong"])[:80],  # type: ignore[arg-type]
            ]
            for language, f in figures.items()
        ],
    )
    print(f"detector built in {load_s:.2f} s; {per_message_us:.0f} µs per message")
    return {"languages": figures, "detector_load_s": load_s, "per_message_us": per_message_us}
