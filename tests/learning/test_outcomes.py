"""Which leads count as booked, qualified or won."""

import pytest
from sqlalchemy import update

from leadcapture.extensions import db
from leadcapture.learning.outcomes import leads_with_outcome
from leadcapture.models import Lead
from tests.admin.report_data import booking, lead, visitor
from tests.learning.lead_rows import PERIOD


def reached(outcome: str) -> set[int]:
    rows = db.session.execute(leads_with_outcome(outcome, PERIOD, Lead.id))
    return {lead_id for lead_id, hit in rows if hit}


def test_the_outcomes_of_each_lead(app):
    with app.app_context():
        visitor("V-booked")
        by_lead = lead("2026-03-10 09:00")
        by_visitor = lead("2026-03-10 10:00", visitors=["V-booked"])
        qualified_then_lost = lead("2026-03-10 11:00")
        won = lead("2026-03-10 12:00")
        lead("2026-03-10 13:00")  # nothing
        deleted = lead("2026-03-10 14:00")
        outside = lead("2026-03-11 09:00")
        booking("2026-03-10 09:30", lead_id=by_lead)
        booking("2026-03-10 10:30", visitor_id="V-booked")
        booking("2026-03-11 09:30", lead_id=outside)
        booking("2026-03-10 14:30", lead_id=deleted)
        stages = {qualified_then_lost: ("lost", "salesqualifiedlead"), won: ("won", "customer")}
        for lead_id, (status, stage) in stages.items():
            db.session.execute(
                update(Lead).where(Lead.id == lead_id).values(status=status, lifecycle_stage=stage)
            )
        db.session.execute(update(Lead).where(Lead.id == deleted).values(deleted_at=db.func.now()))
        db.session.commit()
        assert reached("booking") == {by_lead, by_visitor}
        assert reached("qualified") == {qualified_then_lost, won}
        assert reached("won") == {won}
        assert len(db.session.execute(leads_with_outcome("won", PERIOD, Lead.id)).all()) == 5


@pytest.mark.parametrize("outcome", ["booking", "qualified", "won"])
def test_no_leads_reach_nothing(app, outcome):
    with app.app_context():
        assert reached(outcome) == set()
