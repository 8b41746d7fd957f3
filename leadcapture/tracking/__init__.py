"""The universal tracker: the one way anything records visitor behaviour.

Blueprints build a ``VisitContext`` from the request and call these functions; tools
never write interactions or events themselves.
"""

from leadcapture.tracking.context import VisitContext
from leadcapture.tracking.events import EVENT_TYPES, EventBatchResult, record_events
from leadcapture.tracking.identity import is_valid_visitor_id
from leadcapture.tracking.interactions import RecordedInteraction, record_interaction
from leadcapture.tracking.visits import Visit, identify, is_person, is_trackable, track_visit

__all__ = [
    "EVENT_TYPES",
    "EventBatchResult",
    "RecordedInteraction",
    "Visit",
    "VisitContext",
    "identify",
    "is_person",
    "is_trackable",
    "is_valid_visitor_id",
    "record_events",
    "record_interaction",
    "track_visit",
]
