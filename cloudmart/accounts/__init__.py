"""Sign-in for the local demo."""
