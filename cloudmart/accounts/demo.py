"""The demo shop's people: who may sign in with demo sign-in (the seed data uses them too)."""

from __future__ import annotations

ADMIN_EMAIL = "admin@cloudmart.example"
AGENT_EMAIL = "agent@cloudmart.example"
CUSTOMERS: list[dict[str, str]] = [
    {"email": "alice@example.com", "name": "Alice Johnson", "role": "customer"},
    {"email": "bob@example.com", "name": "Bob Smith", "role": "customer"},
    {"email": "carol@example.com", "name": "Carol Diaz", "role": "customer"},
    {"email": AGENT_EMAIL, "name": "Dana", "role": "agent"},
    {"email": ADMIN_EMAIL, "name": "CloudMart Admin", "role": "admin"},
]
# Who the demo sign-in offers: the customers and the support agent (never the admin).
DEMO_PEOPLE = [c for c in CUSTOMERS if c["role"] in ("customer", "agent")]
STAFF_NAMES = {c["email"]: c["name"] for c in CUSTOMERS if c["role"] != "customer"}
