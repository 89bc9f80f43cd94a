"""The shop's tools for outside AI agents: an MCP server (Streamable HTTP) over the one registry."""
