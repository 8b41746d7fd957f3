"""Using a CTA tool end to end: validate, compute, record, score, decide the form, capture.

Blueprints (HTML and JSON) call these services; the tools' own logic is in ``leadcapture.tools``.
"""
