"""Orders: the REST resource and the rules shared with the assistant's tools."""
