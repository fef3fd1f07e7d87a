"""Gunicorn settings for Concordia (`gunicorn -c gunicorn.conf.py`); every value from the
environment, like the Django settings. See docs/deploy.md."""

import datetime as dt
import json
import os

from gunicorn.glogging import Logger

wsgi_app = "concordia.wsgi:application"

# Where to listen: the reverse proxy or load balancer forwards here.
bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
# Synchronous workers; each is one process. Limits and sessions are shared through the cache
# and the database, so any number is safe. Default: two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

# The proxies in front (TRUSTED_PROXY_COUNT, as in the Django settings) may tell the scheme
# (X-Forwarded-Proto); FORWARDED_ALLOW_IPS narrows that to their addresses. Without a proxy,
# only a local one is believed.
_trusted_proxies = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
forwarded_allow_ips = os.environ.get(
    "FORWARDED_ALLOW_IPS", "*" if _trusted_proxies > 0 else "127.0.0.1,::1")



class JsonAccessLogger(Logger):
    """One JSON object per request. No query string (it may hold a token), no cookies."""

    def access(self, resp, _req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        entry = {
            "time": dt.datetime.now(tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "worker": os.getpid(),
        }
        self.access_log.info(json.dumps(entry))


# Access log to stdout, one JSON object per request.
logger_class = JsonAccessLogger
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
