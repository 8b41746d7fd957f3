"""Error responses: the SPEC's JSON error shape under /api, HTML pages elsewhere."""

from flask import abort, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

ERROR_CODES = {
    400: "malformed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
}


class ApiError(Exception):
    """An error a JSON endpoint answers with ``{"error": {code, message, fields}}``."""

    def __init__(self, status: int, message: str, fields: dict | None = None, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}
        self.code = code or ERROR_CODES.get(status, "error")


def error_response(status: int, message: str, fields: dict | None = None, code: str | None = None):
    """A JSON error response in the SPEC's shape."""
    body = {"code": code or ERROR_CODES.get(status, "error"), "message": message, "fields": fields or {}}
    return jsonify({"error": body}), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_api_error(error: ApiError):
    return error_response(error.status, error.message, error.fields, error.code)


def handle_http_exception(error: HTTPException):
    if _wants_json():
        return error_response(error.code or 500, error.description or error.name)
    return render_template("error.html", error=error), error.code


def refuse_nul_characters():
    """Before each request: a NUL in a form field or query parameter is refused (PostgreSQL
    cannot store it, and no person types one)."""
    fields = request.form.values() if request.mimetype in FORM_TYPES else ()
    if any("\x00" in value for value in (request.path, *request.args.values(), *fields)):
        abort(400, "Text may not contain NUL characters.")


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def init_app(app) -> None:
    """Register the error handlers and the input guard on ``app``."""
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.before_request(refuse_nul_characters)
