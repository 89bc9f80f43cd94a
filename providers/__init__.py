"""AI providers: one interface, neutral types, one module per vendor (no Flask, no cloudmart)."""
