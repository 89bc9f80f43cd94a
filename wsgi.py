"""The WSGI entry point: `gunicorn wsgi:app` (settings from the environment and `.env`).

Also the Flask CLI's app (`flask --app wsgi ...`): the app's own commands, and `flask db`
from migrations_seed (which builds on the app, never the reverse).
"""

from dotenv import load_dotenv

from cloudmart import create_app
from cloudmart.ops import logs
from migrations_seed.cli import register_db_commands

load_dotenv()
app = create_app()
logs.configure(
    app.extensions["cloudmart"].settings.log_format, app.extensions["cloudmart"].settings.log_level
)
register_db_commands(app)
