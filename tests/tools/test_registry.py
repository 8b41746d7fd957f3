"""One registry of tool definitions: a name of the pure engine's vocabulary is a tool through its
module's ``TOOL``, each definition is complete, and a tool's blueprint comes from its definition
alone."""

import sys
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from pydantic import BaseModel

import leadcapture
from leadcapture.blueprints.tool_pages import tool_blueprint
from leadcapture.cta.registry import TOOLS, tool_definition
from leadcapture.cta.tool import Tool
from leadcapture.scoring.vocabulary import TOOLS as VOCABULARY_TOOLS

TEMPLATES = Path(leadcapture.__file__).parent / "templates"


def test_the_registry_holds_a_definition_per_name_of_the_scoring_vocabulary_in_its_order():
    assert [tool.name for tool in TOOLS.values()] == list(VOCABULARY_TOOLS)


class Echo(Tool):
    name = "echo"
    url_prefix = "/tools/echo"


def _tool_module(monkeypatch, name: str, tool: type) -> None:
    module = ModuleType(f"leadcapture.cta.tools.{name}")
    module.TOOL = tool
    monkeypatch.setitem(sys.modules, module.__name__, module)


def test_a_new_name_is_the_tool_of_its_module(monkeypatch):
    _tool_module(monkeypatch, "echo", Echo)
    assert tool_definition("echo") is Echo


def test_a_module_whose_tool_has_another_name_is_refused(monkeypatch):
    _tool_module(monkeypatch, "mirror", Echo)
    with pytest.raises(TypeError, match="must be the Tool class named 'mirror'"):
        tool_definition("mirror")


@pytest.mark.parametrize("name", list(TOOLS))
def test_a_definition_is_complete(name):
    tool = TOOLS[name]
    assert issubclass(tool, Tool) and tool.name == name and tool.page_endpoint == f"{name}.page"
    assert tool.title and tool.summary and tool.url_prefix.startswith("/tools/")
    assert (TEMPLATES / tool.template).is_file()
    assert issubclass(tool.input_model, BaseModel) and issubclass(tool.result_model, BaseModel)
    assert tool.parse_form.__func__ is not Tool.parse_form.__func__
    assert tool.use.__func__ is not Tool.use.__func__


def test_a_new_tool_is_its_definition():
    app = Flask(__name__)
    app.register_blueprint(tool_blueprint(Echo))
    rules = {
        (rule.endpoint, rule.rule, tuple(sorted(rule.methods - {"HEAD", "OPTIONS"})))
        for rule in app.url_map.iter_rules()
    }
    assert {("echo.page", "/tools/echo/", ("GET",)), ("echo.submit", "/tools/echo/", ("POST",))} <= rules


def test_a_tool_adds_its_own_routes():
    app = Flask(__name__)
    app.register_blueprint(tool_blueprint(TOOLS["appointment_booking"]))
    assert "/tools/booking/<booking_id>.ics" in {
        rule.rule for rule in app.url_map.iter_rules("appointment_booking.ics")
    }
