"""What the tracker identified and recorded for one hit: model rows plus what this request created.

Plain values the tracker hands on (to scoring, to lead capture), so those need not import the tracker.
"""

from dataclasses import dataclass

from leadcapture.models.interactions import Interaction
from leadcapture.models.visitors import Visitor, VisitSession


@dataclass
class Visit:
    visitor: Visitor
    session: VisitSession
    new_session: bool
    # The visitor row was created by this request (so nothing in the database refers to it yet).
    new_visitor: bool = False


@dataclass
class RecordedInteraction:
    visit: Visit
    interaction: Interaction
    duplicate: bool
