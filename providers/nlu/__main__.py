"""`python -m providers.nlu [PATH]`: train the intent model from the corpus and write its file."""

from __future__ import annotations

import sys
from pathlib import Path

from providers.nlu.model import MODEL_FILE, train_file

if __name__ == "__main__":
    written = train_file(Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_FILE)
    print(f"intent model written to {written}")
