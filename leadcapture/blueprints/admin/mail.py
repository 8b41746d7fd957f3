"""The Mail page (admins): every email the app sent or kept, newest first, with its body, its
delivery state and errors; a given-up message can be sent again."""

from flask import current_app, flash, redirect, render_template, request, url_for

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.mail import recent_mail, retry

PAGE_SIZE = 50
LARGEST_ID = 2**63 - 1


@bp.get("/mail")
@section_required("mail")
def mail_page():
    before = request.args.get("before", type=int)
    messages = recent_mail(before if before and 0 < before <= LARGEST_ID else None, PAGE_SIZE)
    return render_template(
        "admin/mail.html",
        messages=messages,
        more=len(messages) == PAGE_SIZE,
        configured=bool(current_app.config["MAIL_SERVER"]),
    )


@bp.post("/mail/<int:mail_id>/retry")
@section_required("mail")
def mail_retry(mail_id: int):
    if retry(mail_id):
        flash("The message is queued to be sent again.", "info")
    else:
        flash("That message is not one that was given up.", "error")
    return redirect(url_for("admin.mail_page"))
