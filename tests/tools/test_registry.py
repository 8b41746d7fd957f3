"""One registry of tool definitions: the pure engine's vocabulary names the same tools, each
definition is complete, and a tool's blueprint comes from its definition alone."""

from pathlib import Path

import pytest
from flask import Flask
from pydantic import BaseModel

import leadcapture
from leadcapture.blueprints.tool_pages import tool_blueprint
from leadcapture.cta.registry import TOOLS
from leadcapture.cta.tool import Tool
from leadcapture.scoring.vocabulary import TOOLS as VOCABULARY_TOOLS

TEMPLATES = Path(leadcapture.__file__).parent / "templates"


def test_the_registry_names_the_tools_of_the_scoring_vocabulary():
    assert tuple(TOOLS) == VOCABULARY_TOOLS


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
    class Echo(Tool):
        name = "echo"
        url_prefix = "/tools/echo"

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
