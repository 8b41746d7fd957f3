"""What a CTA tool is: one class holding its name, page, input and result models, form parser and
service (CTFd's challenge classes); ``leadcapture.cta.registry`` loads them by name."""

from typing import ClassVar

from flask import Blueprint
from pydantic import BaseModel
from werkzeug.datastructures import MultiDict

from leadcapture.cta.outcome import ToolOutcome
from leadcapture.tracking import VisitContext

FORM_TRUE = {"on", "1", "true", "yes"}


def form_flag(form: MultiDict, name: str) -> bool:
    """A checkbox of a submitted form."""
    return form.get(name) in FORM_TRUE


class Tool:
    """A tool's definition; subclasses set the attributes and implement ``parse_form`` and ``use``.

    The blueprint ``name`` serves ``template`` at ``url_prefix`` (endpoints ``<name>.page`` and
    ``<name>.submit``); the JSON API takes ``input_model`` at ``/api/v1/tools/<name>`` and answers
    ``result_model``.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    summary: ClassVar[str]
    url_prefix: ClassVar[str]
    template: ClassVar[str]
    input_model: ClassVar[type[BaseModel]]
    result_model: ClassVar[type[BaseModel]]
    # The multipart file field the service takes as ``upload``, if any.
    upload_field: ClassVar[str | None] = None
    # The explicit-consent checkboxes (form) and flags (API) its uploads may need.
    consent_flags: ClassVar[tuple[str, ...]] = ()
    # Whether a valid use can be refused because of another one (409, e.g. a slot booked meanwhile).
    conflicts: ClassVar[bool] = False
    page_endpoint: ClassVar[str]

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.page_endpoint = f"{cls.name}.page"

    @classmethod
    def parse_form(cls, form: MultiDict) -> dict:
        """The tool's input from its page's submitted form."""
        raise NotImplementedError

    @classmethod
    def use(
        cls, ctx: VisitContext, data: dict, upload: bytes | None = None, time_on_tool: int | None = None
    ) -> ToolOutcome:
        """Validate ``data``, compute the result and complete the tool use (record, score, decide)."""
        raise NotImplementedError

    @classmethod
    def page_context(cls) -> dict:
        """Extra values the tool's template needs, on every render of its page."""
        return {}

    @classmethod
    def add_routes(cls, bp: Blueprint) -> None:
        """Routes of the tool's blueprint besides its page and its submission."""

    @classmethod
    def api_result(cls, result: dict) -> dict:
        """The result as the JSON API answers it (links added, for instance)."""
        return result
