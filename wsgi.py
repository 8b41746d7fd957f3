"""WSGI entry point: ``gunicorn wsgi:app``."""

import gc

from leadcapture.app import create_app

app = create_app()
# What is loaded by now (the app, its libraries) lives as long as the process: keep Python's
# cycle collector from walking it again and again. A full collection of those ~220k objects
# takes ~130 ms, added to whichever request triggers it.
gc.freeze()
