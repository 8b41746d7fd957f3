"""Using a CTA tool end to end: validate, compute, record, score, decide the form, capture.

Each tool is one definition in ``cta/tools/`` (a ``cta.tool.Tool`` class), loaded by
``cta/registry.py`` for each name of ``scoring.vocabulary.TOOLS``; blueprints (HTML and JSON) and
the API document read them. The tools' own logic is in ``leadcapture.tools``.
"""
