"""The data model. Import models from here."""

from leadcapture.models.catalog import Procedure
from leadcapture.models.interactions import BehaviourEvent, Interaction
from leadcapture.models.users import ROLES, User
from leadcapture.models.visitors import Visitor, VisitSession

__all__ = ["BehaviourEvent", "Interaction", "Procedure", "ROLES", "User", "Visitor", "VisitSession"]
