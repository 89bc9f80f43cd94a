"""Gunicorn settings for `gunicorn -c gunicorn.conf.py wsgi:app` (make run, the benchmarks and
the tests that start a real server use them too).

Every value can be changed from the environment: GUNICORN_BIND (default 127.0.0.1:$PORT,
so a dev server is not reachable from the network; set 0.0.0.0:8000 or similar to expose it),
WEB_CONCURRENCY (worker processes), GUNICORN_WORKER_CLASS (gevent, or gthread to compare),
GUNICORN_WORKER_CONNECTIONS (requests in flight per gevent worker).

Why gevent: a chat turn spends seconds waiting on the model and milliseconds computing. Under
gthread each waiting turn held one of a few threads, so one server held ~6 chats at once and
a few slow clients starved it. Under gevent a waiting turn (or a slow client) holds a greenlet:
the limit becomes CPU per turn, not a slot count. boto3 (urllib3), the openai SDK (httpx) and
the streamed responses all block on sockets, which gevent makes cooperative.
"""

import glob
import os
import shutil
import tempfile

worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or "gevent"
if worker_class == "gevent":
    # Patch early and once, in the master before anything imports ssl or socket: the workers
    # it forks inherit it (gunicorn's own patch in each worker is then a no-op).
    from gevent import monkey

    monkey.patch_all()

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or 5000}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS") or 1000)
threads = 4  # gthread only
timeout = 60
# On SIGTERM a worker stops accepting and lets the turns in flight finish (and be recorded):
# a little longer than a whole turn may take (TURN_TIMEOUT, 90 s by default).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 95)
keepalive = 5
# The app logs every request itself (cloudmart.http_ops: route template, status, latency, request
# id); gunicorn's access log would carry raw paths and query strings (an email in ?email=...).
accesslog = None
errorlog = "-"


def _without_access_log():
    """gunicorn's logger, its access log off for good: with a logging config (JSON lines, the
    default) gunicorn still built every request's access-log fields and record, then dropped it."""
    from gunicorn.glogging import Logger

    class AppLogger(Logger):
        access_log_enabled = False

        def access(self, resp, req, environ, request_time):
            """The app logs each request itself (cloudmart.http_ops)."""

    return AppLogger


logger_class = _without_access_log()
if (os.environ.get("LOG_FORMAT") or "json") == "json":  # gunicorn's own lines as JSON too
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level"},
            }
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False}
        },
    }

# Metrics: each worker writes its values to files in PROMETHEUS_MULTIPROC_DIR and /metrics sums
# them (prometheus-client's multiprocess mode). It must be set before a worker imports it.
_made_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _made_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="cloudmart-metrics-")


def on_starting(server):
    """A new server starts from zero: the files of a previous run are not this one's."""
    for path in glob.glob(os.path.join(os.environ["PROMETHEUS_MULTIPROC_DIR"], "*.db")):
        os.remove(path)


def post_worker_init(worker):
    """The language detector's models and the offline assistant's intent model load before
    the worker serves (seconds), not during the first customer's message."""
    from i18n.detect import detector
    from providers.nlu.model import classify

    detector()
    classify.model()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# Each worker imports the app itself, so boto3 clients and connection pools are built per
# worker, never shared across a fork.
preload_app = False
# Gunicorn's runtime control socket has one default path per user; two servers (a dev server
# and a test run) would fight over it. Nothing here uses `gunicornc`.
control_socket_disable = True


def on_exit(server):
    if _made_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
