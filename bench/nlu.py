"""`nlu`: the local provider's intent model on the corpus's held-out part, per language:
accuracy, a confusion table, ms per message, look-ups that reached a change's handler and that
a change was proposed for (the local provider run for a customer with one order of each kind,
tests/fakes/one_of_each.py), the held-out lines with a near-duplicate in the training part (a
figure they would inflate), and the accuracy on the lines that were held out at earlier commits
(BENCH_NLU_BASE, comma-separated): fixed sets, so that a corpus pass is judged on the same lines
before and after (its own new lines are held out one in five too, and are often the harder ones)."""

from __future__ import annotations

import os
import subprocess
import tarfile
import tempfile
import time
from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

from bench.report import Options, percentile, print_table
from bench.stack import REPO_ROOT
from providers import local_nlu
from providers.nlu import corpus, model
from providers.nlu.masking import mask
from tests.fakes.one_of_each import proposals

# The confusion table's column names, in the corpus's intent order.
_NAMES = "list stat canc oaddr ret exch pay daddr prof gift prod human yes no hi thx help oos"
SHORT = dict(zip(corpus.INTENTS, _NAMES.split(), strict=True))
# The corpus before issue 22's third to tenth passes.
_PASSES = "286ebab,470be89,afc91c8,c58086d,434c5af,0a136dc,036558c,fe42b34"
BASES = tuple((os.environ.get("BENCH_NLU_BASE") or _PASSES).split(","))


def run(options: Options) -> dict[str, Any]:
    examples = corpus.load()
    trained = model.train([e for e in examples if not e.held_out])
    local_nlu.classify.use(trained)  # the reading under test is the one just trained
    held = [e for e in examples if e.held_out]
    near = near_duplicates([e for e in examples if not e.held_out], held)
    fixed = {commit: held_out_at(commit) for commit in BASES}
    languages = {}
    for language in corpus.LANGUAGES:
        part = [e for e in held if e.language == language]
        if part:
            languages[language] = _language(language, part, trained, options.quick)
            languages[language]["near_duplicates"] = near[language]
            languages[language]["at"] = {
                commit: _accuracy(trained, [e for e in part if e in lines])
                for commit, lines in fixed.items()
            }
    rows = [
        [
            lang,
            f["held_out"],
            f["accuracy_pct"],
            *(_fixed(at) for at in f["at"].values()),
            f["near_duplicates"],
            f["p50_ms"],
            f["p99_ms"],
            f["cpu_p50_ms"],
            f["cpu_p99_ms"],
            f["lookups_to_writes"],
            f["lookups_proposed"],
            f["writes_asked_back"],
        ]
        for lang, f in languages.items()
    ]
    print_table(
        "held-out accuracy, held-out lines with a near-duplicate in training (cosine >= 0.9), "
        "ms per message (model + entity rules), look-ups read as a change, look-ups a change was "
        "proposed for, change requests asked back (unsure)",
        [
            "lang",
            "held out",
            "accuracy %",
            *(f"on lines held out at {commit}" for commit in BASES),
            "near dup",
            "p50 ms",
            "p99 ms",
            "CPU p50",
            "CPU p99",
            "look-up -> change",
            "look-up proposed",
            "change asked back",
        ],
        rows,
    )
    return {
        "train_lines": sum(not e.held_out for e in examples),
        "held_out_lines": len(held),
        "threshold": local_nlu.THRESHOLD,
        "near_duplicate_cosine": corpus.NEAR,
        "bases": list(BASES),
        "languages": languages,
    }


def near_duplicates(train: list[corpus.Example], held: list[corpus.Example]) -> Counter:
    """Per language, the held-out lines whose nearest training line (any language) is at
    cosine >= corpus.NEAR."""
    nearest = corpus.nearest([e.text for e in train], [e.text for e in held])
    return Counter(e.language for e, n in zip(held, nearest, strict=True) if n >= corpus.NEAR)


def held_out_at(commit: str) -> set[corpus.Example]:
    """The corpus's held-out lines as they were at `commit` (none where git cannot tell)."""
    try:
        archive = subprocess.run(
            ["git", "archive", commit, "providers/nlu/corpus"],
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
        return {e for e in corpus.load(Path(tmp, "providers/nlu/corpus")) if e.held_out}


def _fixed(at: dict[str, Any] | None) -> str:
    return "{accuracy_pct} of {held_out}".format(**at) if at else "-"


def _accuracy(trained: Any, part: list[corpus.Example]) -> dict[str, Any] | None:
    if not part:
        return None
    predicted = trained.predict([mask(e.text) for e in part])
    right = sum(e.intent == p for e, p in zip(part, predicted, strict=True))
    return {"held_out": len(part), "accuracy_pct": round(100 * right / len(part), 1)}


def _language(language: str, part: list[corpus.Example], trained: Any, quick: bool) -> dict:
    reader = model.Reader.of(trained)
    predicted = [model.guess(reader, e.text).intent for e in part]
    confusion = Counter(zip((e.intent for e in part), predicted, strict=True))
    right = sum(n for (said, got), n in confusion.items() if said == got)
    timings, cpu, writes, asked = [], [], 0, 0
    for example in part[: 100 if quick else None]:
        started, used = time.perf_counter(), time.thread_time()
        reading = local_nlu.read(example.text)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - used) * 1000)  # CPU: what other load can't inflate
        writes += example.intent in corpus.LOOKUPS and reading.intent in local_nlu.WRITES
        asked += example.intent in corpus.WRITES and reading.intent == "unsure"
    proposed = sum(bool(proposals(e.text, language)) for e in part if e.intent in corpus.LOOKUPS)
    _print_confusion(language, confusion)
    return {
        "held_out": len(part),
        "accuracy_pct": round(100 * right / len(part), 1),
        "p50_ms": round(percentile(timings, 50) or 0, 2),
        "p99_ms": round(percentile(timings, 99) or 0, 2),
        "cpu_p50_ms": round(percentile(cpu, 50) or 0, 2),
        "cpu_p99_ms": round(percentile(cpu, 99) or 0, 2),
        "lookups_to_writes": writes,
        "lookups_proposed": proposed,
        "writes_asked_back": asked,
        "confusion": {f"{s} -> {g}": n for (s, g), n in sorted(confusion.items()) if s != g},
    }


def _print_confusion(language: str, confusion: Counter) -> None:
    intents = corpus.INTENTS
    rows = [
        [SHORT[said], *(confusion.get((said, got), 0) or "." for got in intents)]
        for said in intents
    ]
    print_table(
        f"{language}: confusion (rows: the corpus's intent, columns: the model's)",
        ["", *(SHORT[i] for i in intents)],
        rows,
    )
