"""The CTA tools (CTFd's ``CHALLENGE_CLASSES``): the pages, the JSON API, its OpenAPI document and the
admin's filters all read this. The tools are the names of ``scoring.vocabulary.TOOLS``, in that
order; each name's definition is the ``TOOL`` of ``cta/tools/<name>.py`` (a ``Tool`` class). So a new
tool is that module and its name in the vocabulary: the pure scoring engine, which validates rule
conditions against the names, cannot import the definitions above it, and this reads the names
from below."""

from importlib import import_module

from leadcapture.cta.tool import Tool
from leadcapture.scoring.vocabulary import TOOLS as TOOL_NAMES


def tool_definition(name: str) -> type[Tool]:
    """The ``TOOL`` of ``cta/tools/<name>.py``, checked to be the ``Tool`` class of that name."""
    tool = import_module(f"leadcapture.cta.tools.{name}").TOOL
    if not (issubclass(tool, Tool) and tool.name == name):
        raise TypeError(f"leadcapture.cta.tools.{name}.TOOL must be the Tool class named {name!r}")
    return tool


TOOLS: dict[str, type[Tool]] = {name: tool_definition(name) for name in TOOL_NAMES}
