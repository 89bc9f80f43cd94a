"""The chat: conversations, turns through a provider, confirmations, the customer's action log."""
