"""A visitor's kept photo or voice note, for staff who see leads: the only way a media file is served."""

from pathlib import Path

from flask import abort, send_file
from sqlalchemy import select

from leadcapture.blueprints.admin.access import section_required, viewer_scope
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.extensions import db
from leadcapture.media import media_path
from leadcapture.models import VisitorMedia
from leadcapture.reports.lead_access import visible_visitors


@bp.get("/media/<media_id>")
@section_required("leads")
def media(media_id: str):
    """The file, as a download (an <img> or <audio> on the lead page still plays it), never cached."""
    query = select(VisitorMedia).where(
        VisitorMedia.id == media_id, *visible_visitors(VisitorMedia.visitor_id, viewer_scope())
    )
    item = db.session.scalars(query).first() or abort(404)
    name = f"{item.kind.replace('_', '-')}-{item.created_at:%Y%m%d-%H%M%S}{Path(item.file_name).suffix}"
    try:
        response = send_file(
            media_path(item), mimetype=item.content_type, as_attachment=True, download_name=name, etag=False
        )
    except FileNotFoundError:  # purged or erased since the page was shown
        abort(404)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
