"""The intent corpus: one example a line in corpus/<lang>/<intent>.txt; a stable held-out part."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer

from providers.nlu.masking import mask

CORPUS_DIR = Path(__file__).with_name("corpus")
LANGUAGES = ("en", "es", "fr", "de")
INTENTS = (
    "list_orders",
    "order_status",
    "cancel_order",
    "change_order_address",
    "return_items",
    "exchange_items",
    "change_payment",
    "change_default_address",
    "profile",
    "gift_card_balance",
    "products",
    "handoff",
    "yes",
    "no",
    "greeting",
    "thanks",
    "help",
    "out_of_scope",
)
# The intents that change something once confirmed: a look-up must never read as one of these.
WRITES = frozenset(
    {
        "cancel_order",
        "change_order_address",
        "return_items",
        "exchange_items",
        "change_payment",
        "change_default_address",
    }
)
LOOKUPS = frozenset({"list_orders", "order_status", "profile", "gift_card_balance", "products"})
HELD_OUT_SHARE = 5  # one line in five (by a stable hash) is never trained on
NEAR = 0.9  # cosine on character n-grams of the masked text: "cancel CM-1" = "cancel CM-2"

# The code that turns a line into what the model reads, and the goods' lookup tables it reads
# with: a model built by other code or other tables is stale.
CODE = tuple(
    Path(__file__).with_name(name) for name in ("corpus.py", "masking.py", "items.py", "model.py")
) + tuple(sorted(Path(__file__).with_name("goods").glob("*.txt")))


@dataclass(frozen=True)
class Example:
    language: str
    intent: str
    text: str

    @property
    def held_out(self) -> bool:
        return is_held_out(self.text)


def nearest(seen: list[str], texts: list[str]) -> Any:
    """For each text, its cosine to the most alike of `seen`, on the character 2-5-grams of
    the masked text (>= NEAR: a near-duplicate, not a new phrasing)."""
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    known = vectors.fit_transform([mask(text) for text in seen])
    return (
        (vectors.transform([mask(text) for text in texts]) @ known.T).max(axis=1).toarray().ravel()
    )


def is_held_out(text: str) -> bool:
    digest = hashlib.sha256(text.strip().encode("utf-8")).digest()
    return digest[0] % HELD_OUT_SHARE == 0


def files(root: Path = CORPUS_DIR) -> list[Path]:
    return sorted(root.glob("*/*.txt"))


def load(root: Path = CORPUS_DIR) -> list[Example]:
    """Every example of every language, in a fixed order."""
    found = []
    for path in files(root):
        language, intent = path.parent.name, path.stem
        if language not in LANGUAGES or intent not in INTENTS:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                found.append(Example(language, intent, line))
    return found


def fingerprint(root: Path = CORPUS_DIR) -> str:
    """A hash of the corpus files and the training code: a model built from other text, or
    read another way, is stale."""
    digest = hashlib.sha256()
    for path in files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    for path in CODE:
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
