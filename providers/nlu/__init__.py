"""The offline assistant's learned understanding: an intent model trained from the corpus here."""
