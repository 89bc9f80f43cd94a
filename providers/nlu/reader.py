"""A fitted intent model's arithmetic read off once, so that one message costs a fifth as much."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from scipy.special import expit


class Channel(NamedTuple):
    """One fitted TfidfVectorizer's arithmetic: its analyzer (the same function it calls), its
    vocabulary, idf weights, sublinear tf, and where its columns start in the feature row."""

    analyze: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    idf: Any
    sublinear: bool
    weight: float
    start: int

    @classmethod
    def of(cls, vectors: Any, weight: float, start: int) -> Channel:
        if vectors.norm != "l2" or not vectors.use_idf or vectors.binary:
            raise ValueError("only an l2-normalised tf-idf without binary counts is read here")
        return cls(
            vectors.build_analyzer(),
            vectors.vocabulary_,
            vectors.idf_,
            vectors.sublinear_tf,
            weight,
            start,
        )

    def features(self, masked: str) -> tuple[Any, Any]:
        """The columns and values of one text in this channel, as `transform` computes them:
        counts, 1 + log(count) when sublinear, times idf, l2-normalised, times the weight."""
        counts = Counter(
            column
            for term in self.analyze(masked)
            if (column := self.vocabulary.get(term)) is not None
        )
        columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear:
            values = np.log(values) + 1
        values *= self.idf[columns]
        norm = np.sqrt(values @ values)
        if norm:
            values /= norm
        return columns + self.start, values * self.weight


class Row(NamedTuple):
    """One text's features: the nonzero columns of its row and their values."""

    columns: Any
    values: Any

    @property
    def nnz(self) -> int:
        return len(self.columns)


@dataclass(frozen=True)
class Reader:
    """The same probabilities as the pipeline's predict_proba (each class's SVM score through
    its sigmoid calibration, normalised), without scikit-learn's per-call checks and sparse
    matrices, which cost four fifths of the time on a single message: CPU per held-out line
    (12,786, the model alone) p50 2.41 -> 0.39 ms, p99 4.15 -> 0.90 ms on the 2-core VM."""

    channels: tuple[Channel, ...]
    coef: Any
    intercept: Any
    slope: Any
    offset: Any
    classes: Any

    @classmethod
    def of(cls, model: Any) -> Reader:
        """The pipeline of `model.build()`, fitted: word and character TF-IDF into one
        sigmoid-calibrated LinearSVC (ensemble=False: a single one). The calibrators' fitted
        `a_`/`b_` are scikit-learn internals of the pinned version (requirements.txt); the
        equality test in tests/chat/test_local_understanding.py breaks if they move."""
        features, classifier = model.named_steps["features"], model.named_steps["classify"]
        (calibrated,) = classifier.calibrated_classifiers_
        if calibrated.method != "sigmoid":
            raise ValueError(f"a {calibrated.method} calibration is not read here")
        svm, weights = calibrated.estimator, features.transformer_weights or {}
        if list(svm.classes_) != list(classifier.classes_):
            raise ValueError("the SVM's classes are not the model's")
        channels, start = [], 0
        for name, vectors in features.transformer_list:
            channels.append(Channel.of(vectors, weights.get(name, 1.0), start))
            start += len(vectors.vocabulary_)
        return cls(
            tuple(channels),
            np.ascontiguousarray(svm.coef_.T),
            svm.intercept_,
            np.array([c.a_ for c in calibrated.calibrators]),
            np.array([c.b_ for c in calibrated.calibrators]),
            classifier.classes_,
        )

    def row(self, masked: str) -> Row:
        """One masked text's features (none at all: nothing the model has ever seen)."""
        parts = [channel.features(masked) for channel in self.channels]
        return Row(np.concatenate([c for c, _ in parts]), np.concatenate([v for _, v in parts]))

    def proba(self, masked: str, row: Any = None) -> Any:
        """Each class's probability for one masked text."""
        row = self.row(masked) if row is None else row
        scores = row.values @ self.coef[row.columns] + self.intercept
        probabilities = expit(-(self.slope * scores + self.offset))
        total = probabilities.sum()
        return probabilities / total if total else np.full_like(probabilities, 1 / len(scores))
