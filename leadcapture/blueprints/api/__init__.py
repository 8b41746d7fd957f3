"""The public JSON API, version 1 (each module imported here, so its routes are on ``bp``)."""

from leadcapture.blueprints.api import events, leads, openapi, privacy, prompts, tools  # noqa: F401  (routes)
from leadcapture.blueprints.api.blueprint import bp

__all__ = ["bp", "openapi"]
