"""The demo shop's people: who may sign in with demo sign-in (the seed data uses them too)."""

from __future__ import annotations

ADMIN_EMAIL = "admin@cloudmart.example"
CUSTOMERS: list[dict[str, str]] = [
    {"email": "alice@example.com", "name": "Alice Johnson", "role": "customer"},
    {"email": "bob@example.com", "name": "Bob Smith", "role": "customer"},
    {"email": "carol@example.com", "name": "Carol Diaz", "role": "customer"},
    {"email": ADMIN_EMAIL, "name": "CloudMart Admin", "role": "admin"},
]
DEMO_CUSTOMERS = [c for c in CUSTOMERS if c["role"] == "customer"]
