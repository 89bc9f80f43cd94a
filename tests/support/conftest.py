"""The chat's fixtures (a scripted model, threads, messages) serve the staff tests too."""

from tests.chat.conftest import say, script, thread

__all__ = ["say", "script", "thread"]
