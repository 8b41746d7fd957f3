"""Log lines as text or JSON (``LOG_FORMAT``), each carrying its request id and job (``context``).

One handler on the root logger, so the app's, RQ's and the libraries' lines share the format; it
writes to the request's ``wsgi.errors`` (gunicorn's error log) or standard error, as Flask's does.
"""

import logging

from flask import Flask
from flask.logging import default_handler, wsgi_errors_stream
from pythonjsonlogger.json import JsonFormatter

from leadcapture.ops import context

HANDLER_NAME = "leadcapture"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s%(context)s: %(message)s"


class ContextFilter(logging.Filter):
    """Puts the log context's fields (``request_id``, ``job``, ``job_id``) on each record it has."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in context.values().items():
            setattr(record, name, value)
        return True


class TextFormatter(logging.Formatter):
    """One line a record: time, level, logger, ``[request_id=… job=…]``, message."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        fields = [f"{name}={getattr(record, name)}" for name in context.FIELDS if hasattr(record, name)]
        record.context = f" [{' '.join(fields)}]" if fields else ""
        return super().formatMessage(record)


def json_formatter() -> JsonFormatter:
    """A JSON object a line: ``timestamp``, ``level``, ``logger``, ``message``, the context's
    fields, a record's ``extra`` values and ``exc_info``."""
    return JsonFormatter(
        "%(levelname)s %(name)s %(message)s",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp=True,
    )


def init_app(app: Flask) -> None:
    """Send every log line through one handler in ``LOG_FORMAT``; the app's loggers at ``LOG_LEVEL``."""
    handler = logging.StreamHandler(wsgi_errors_stream)
    handler.name = HANDLER_NAME
    handler.addFilter(ContextFilter())
    handler.setFormatter(
        json_formatter() if app.config["LOG_FORMAT"] == "json" else TextFormatter(TEXT_FORMAT)
    )
    root = logging.getLogger()
    for old in [old for old in root.handlers if old.name == HANDLER_NAME]:
        root.removeHandler(old)  # the handler of an app built before in this process (tests build many)
    root.addHandler(handler)
    app.logger.removeHandler(default_handler)
    app.logger.setLevel(app.config["LOG_LEVEL"])
