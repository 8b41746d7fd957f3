"""Bad filters or form input on an admin page: the page says what to correct (400), never a 500."""

from flask import render_template

from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.errors import InputError


@bp.errorhandler(InputError)
def input_error(error: InputError):
    return render_template(
        "admin/input_error.html", error=error
    ), 400 if error.status == 422 else error.status
