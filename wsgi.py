"""The WSGI entry point: `gunicorn wsgi:app` (settings from the environment and `.env`)."""

from dotenv import load_dotenv

from cloudmart import create_app

load_dotenv()
app = create_app()
