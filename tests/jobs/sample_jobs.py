"""Jobs for the worker and inline runner tests."""

import threading
import time

from flask import current_app
from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Visitor


def write_visitor_count(path: str) -> int:
    count = db.session.scalar(select(func.count()).select_from(Visitor))
    with open(path, "w") as handle:
        handle.write(f"{current_app.name}:{count}")
    return count


def tick() -> str:
    """A periodic job for the scheduling tests."""
    return "tick"


def fail(message: str) -> None:
    raise RuntimeError(message)


def note(done: list, name: str, started: threading.Event | None = None, seconds: float = 0) -> None:
    """Append ``name`` to ``done`` after ``seconds``, telling ``started`` first."""
    if started:
        started.set()
    time.sleep(seconds)
    done.append(name)
