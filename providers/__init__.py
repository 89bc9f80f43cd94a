"""AI providers: one interface, neutral types, and one module per vendor (no Flask, no cloudmart)."""
