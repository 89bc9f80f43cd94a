"""Operating the app: structured logs with their context, and Prometheus metrics (no Flask)."""
