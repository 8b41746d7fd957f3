"""``one_of``: the same rows as an IN list, on both databases (``= ANY(array)`` on PostgreSQL)."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Visitor
from leadcapture.models.one_of import one_of

IDS = [f"visitor-{index:04d}" for index in range(3000)]


@pytest.fixture
def visitors(app_ctx):
    db.session.execute(Visitor.__table__.insert(), [{"id": visitor_id} for visitor_id in IDS])
    db.session.commit()


@pytest.mark.parametrize(
    "wanted",
    [[], ["visitor-0007"], IDS[::3] + ["nobody", "visitor-0001'); --"], {"visitor-2999", "visitor-0000"}],
    ids=["none", "one", "a thousand and two strangers", "a set"],
)
def test_the_rows_of_the_given_values(visitors, wanted):
    found = db.session.scalars(select(Visitor.id).where(one_of(Visitor.id, wanted))).all()
    assert sorted(found) == sorted(set(wanted) & set(IDS))
