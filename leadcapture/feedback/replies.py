"""Staff's answers to feedback comments (seed 002's "feedback response"): emailed to the person who
left the comment, kept with who wrote it, and in the admin audit log."""

from flask import current_app, render_template

from leadcapture.admin_audit import record_admin_action
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.mail import send_mail
from leadcapture.models import MAX_REPLY_LENGTH, Feedback, FeedbackReply, User


def can_answer(feedback: Feedback) -> str | None:
    """Why ``feedback`` cannot be answered by email (None: it can)."""
    if not feedback.comment:
        return "there is no comment to answer"
    if not feedback.email:
        return "no email address was left with it"
    if not feedback.follow_up_consent:
        return "the person did not agree to be contacted about their feedback"
    return None


def reply_to_feedback(feedback_id: str, author: User, text: str) -> FeedbackReply:
    """Email ``text`` to whoever left feedback ``feedback_id``, keep it as ``author``'s reply and log
    it; commits (the email goes once committed). InputError (404 for unknown feedback) when the
    text is empty or too long, or the feedback cannot be answered (``can_answer``)."""
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None:
        raise InputError({}, status=404, message="No such feedback.")
    text = text.strip()
    refusal = can_answer(feedback)
    if refusal:
        raise InputError({"reply": f"this feedback cannot be answered: {refusal}"})
    if not text or len(text) > MAX_REPLY_LENGTH or "\x00" in text:
        raise InputError({"reply": f"write the answer, at most {MAX_REPLY_LENGTH:,} characters"})
    clinic = current_app.config["CLINIC_NAME"]
    body = render_template(
        "feedback/reply_mail.txt",
        name=feedback.name,
        clinic=clinic,
        given=feedback.created_at,
        comment=feedback.comment,
        reply=text,
    )
    mail = send_mail(feedback.email, f"Your feedback to {clinic}", body)
    reply = FeedbackReply(feedback_id=feedback.id, author_id=author.id, body=text, mail_id=mail.id)
    db.session.add(reply)
    db.session.flush()
    record_admin_action(author.id, "feedback.reply", "feedback", feedback.id, {"reply_id": reply.id})
    db.session.commit()
    return reply
