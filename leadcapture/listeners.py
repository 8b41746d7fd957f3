"""Registering SQLAlchemy event listeners from an ``init_app``: once per process, however many apps."""

from sqlalchemy import event


def listen_once(target, identifier: str, listener, **options) -> None:
    """``event.listen`` unless ``listener`` already listens to ``identifier`` on ``target``."""
    if not event.contains(target, identifier, listener):
        event.listen(target, identifier, listener, **options)
