"""Signed emailed links: the token is an id (a privacy request's, a feedback prompt's), signed with the
app's secret under a salt of its own and dated by itsdangerous, so a link can be neither forged nor
used after it expires."""

from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

LINK_MAX_AGE = timedelta(hours=24)
SALT = "leadcapture.privacy-link"
EXPIRED = "This link has expired: links work for 24 hours. Please ask again."


class LinkError(Exception):
    """A link that cannot be followed; ``status`` is the HTTP status of the page that says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class _DatedSigner(TimestampSigner):
    """itsdangerous' timestamp signer on the caller's clock instead of ``time.time()``."""

    def __init__(self, *args, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def get_timestamp(self) -> int:
        return int(self.now.replace(tzinfo=UTC).timestamp())


def _serializer(now: datetime, salt: str) -> URLSafeTimedSerializer:
    secret = current_app.config["SECRET_KEY"]
    return URLSafeTimedSerializer(secret, salt=salt, signer=_DatedSigner, signer_kwargs={"now": now})


def make_token(request_id: str, now: datetime, salt: str = SALT) -> str:
    """The token of a link to the logged request ``request_id``, issued at ``now`` (naive UTC)."""
    return _serializer(now, salt).dumps(request_id)


def read_token(
    token: str, now: datetime, salt: str = SALT, max_age: timedelta = LINK_MAX_AGE, expired: str = EXPIRED
) -> str:
    """The request id a token carries; LinkError when it was forged or has expired at ``now``
    (410 with the message ``expired``)."""
    try:
        request_id = _serializer(now, salt).loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        raise LinkError(410, expired) from None
    except BadData:
        request_id = None
    if not isinstance(request_id, str):
        raise LinkError(
            400, "This link is not valid. Please use the whole link from the email, or ask again."
        )
    return request_id
