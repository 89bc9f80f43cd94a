"""The MCP server's ASGI entry point: `uvicorn cloudmart.mcp_server.asgi:app --port 5001`
(settings from the environment and `.env`, as wsgi.py; no Flask in this process)."""

from dotenv import load_dotenv

from cloudmart.config import Settings
from cloudmart.mcp_server.app import create_mcp_app
from cloudmart.ops import logs
from cloudmart.services import build_services

load_dotenv()
_settings = Settings.from_env()
logs.configure(_settings.log_format, _settings.log_level)
app = create_mcp_app(build_services(_settings))
