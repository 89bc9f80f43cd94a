"""A fitted intent model's arithmetic read off once, so that one message costs a third as much."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import expit


@dataclass(frozen=True)
class Reader:
    """The same probabilities as the pipeline's predict_proba (each class's SVM score through
    its sigmoid calibration, normalised), without the pipeline's per-call checks, which cost
    two thirds of the time on a single message (`bench nlu`)."""

    vectorizers: tuple[tuple[Any, float], ...]
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
        return cls(
            tuple((vectors, weights.get(name, 1.0)) for name, vectors in features.transformer_list),
            svm.coef_.T,
            svm.intercept_,
            np.array([c.a_ for c in calibrated.calibrators]),
            np.array([c.b_ for c in calibrated.calibrators]),
            classifier.classes_,
        )

    def row(self, masked: str) -> Any:
        """One masked text's features (none at all: nothing the model has ever seen)."""
        return sp.hstack(
            [vectors.transform([masked]) * w for vectors, w in self.vectorizers]
        ).tocsr()

    def proba(self, masked: str, row: Any = None) -> Any:
        """Each class's probability for one masked text."""
        row = self.row(masked) if row is None else row
        scores = np.asarray(row @ self.coef).ravel() + self.intercept
        probabilities = expit(-(self.slope * scores + self.offset))
        total = probabilities.sum()
        return probabilities / total if total else np.full_like(probabilities, 1 / len(scores))
