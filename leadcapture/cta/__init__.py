"""Using a CTA tool end to end: validate, compute, record, score, decide the form, capture.

Each tool is one definition in ``cta/tools/`` (a ``cta.tool.Tool`` class), listed in
``cta/registry.py``; blueprints (HTML and JSON) and the API document read them. The tools' own
logic is in ``leadcapture.tools``.
"""
