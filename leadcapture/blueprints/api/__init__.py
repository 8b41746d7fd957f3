"""The public JSON API, version 1 (each module imported here, so its routes are on ``bp``)."""

from leadcapture.blueprints.api import (  # noqa: F401  (routes)
    events,
    feedback,
    leads,
    openapi,
    privacy,
    prompts,
    tools,
)
from leadcapture.blueprints.api.blueprint import bp

__all__ = ["bp", "openapi"]
