"""The themes of a period's comments, kept in memory per period so that a view rarely fits them.

The first view of a period fits themes (``themes.fit_themes``) on its newest ``MAX_COMMENTS``
comments and places each of them; later views reuse that and place only comments given since
(a few, with the fitted model). The themes are fitted again when the period has more such new
comments than ``REFIT_SHARE`` of those fitted, or when new ones come ``REFIT_AFTER`` the fit. A fit
is deterministic, so every web process finds the same themes. Each app keeps at most
``KEPT_PERIODS`` periods (``leadcapture.kept``: the least recently used goes), a few megabytes each.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.kept import Kept, kept_results
from leadcapture.models import Feedback
from leadcapture.models.types import utcnow
from leadcapture.ops.metrics import count_cache
from leadcapture.reports.period import Period
from leadcapture.reports.themes import Theme, ThemeModel, fit_themes

MAX_COMMENTS = 20_000
REFIT_SHARE = 0.1
REFIT_AFTER = timedelta(hours=1)
KEPT_PERIODS = 6


@dataclass
class PeriodThemes:
    """A period's themes and the theme of each of its comments (None: in no theme)."""

    period: Period
    model: ThemeModel | None
    fitted_at: datetime
    theme_of: dict[str, int | None] = field(default_factory=dict)

    @property
    def themes(self) -> list[Theme]:
        return self.model.themes if self.model else []

    def theme(self, number: int | None) -> Theme | None:
        return next((theme for theme in self.themes if theme.number == number), None)

    def stale(self, new: int, now: datetime) -> bool:
        """Whether ``new`` comments not placed yet call for fitting again at ``now``."""
        return new > REFIT_SHARE * max(len(self.theme_of), 1) or (new and now - self.fitted_at >= REFIT_AFTER)


def period_themes(period: Period, comment_ids: Iterable[str], now: datetime | None = None) -> PeriodThemes:
    """The themes of ``period``'s comments, with ``comment_ids`` (comments of the period, e.g. the
    ones a page lists) placed in them; fits when there is nothing kept or it is stale."""
    now = now or utcnow()
    key = (period.first, period.last)
    cache: Kept[PeriodThemes] = kept_results("feedback_themes", KEPT_PERIODS)
    with cache.key_lock(key):
        kept = cache.get(key)
        new = [comment for comment in comment_ids if kept is None or comment not in kept.theme_of]
        fit = kept is None or kept.stale(len(new), now)
        count_cache("feedback_themes", hit=not fit)
        if fit:
            kept = _fit(period, now)
            new = [comment for comment in new if comment not in kept.theme_of]
        if new:
            texts = _texts(new)
            assigned = kept.model.assign(list(texts.values())) if kept.model else [None] * len(texts)
            kept.theme_of.update(zip(texts, assigned, strict=True))
        cache.keep(key, kept)
        return kept


def _fit(period: Period, now: datetime) -> PeriodThemes:
    newest = (
        select(Feedback.id, Feedback.comment)
        .where(Feedback.created_at >= period.start, Feedback.created_at < period.end)
        .where(Feedback.comment.is_not(None))
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(MAX_COMMENTS)
    )
    comments = [tuple(row) for row in db.session.execute(newest)][::-1]  # oldest first
    model = fit_themes(comments)
    texts = [text for _id, text in comments]
    # Without themes every comment is known to be in none, so it is not "new" on the next view.
    assigned = model.assign(texts) if model else [None] * len(texts)
    theme_of = dict(zip((comment_id for comment_id, _text in comments), assigned, strict=True))
    return PeriodThemes(period, model, now, theme_of)


def _texts(comment_ids: list[str]) -> dict[str, str]:
    query = select(Feedback.id, Feedback.comment).where(
        Feedback.id.in_(comment_ids), Feedback.comment.is_not(None)
    )
    return dict(db.session.execute(query).all())
