"""Gunicorn settings for `gunicorn -c gunicorn.conf.py wsgi:app` (the dev server uses them too).

Every value can be changed from the environment: GUNICORN_BIND (default 127.0.0.1:$PORT,
so a dev server is not reachable from the network; set 0.0.0.0:8000 or similar to expose it),
WEB_CONCURRENCY (worker processes).
"""

import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or 5000}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
# Threads per worker: the streaming chat endpoint (server-sent events) holds a thread per client.
worker_class = "gthread"
threads = 4
timeout = 60
accesslog = "-"
errorlog = "-"
# Each worker imports the app itself, so boto3 clients and connection pools are built per
# worker, never shared across a fork.
preload_app = False
# Gunicorn's runtime control socket has one default path per user; two servers (a dev server
# and a test run) would fight over it. Nothing here uses `gunicornc`.
control_socket_disable = True
