"""The data model. Import models from here."""

from leadcapture.models.admin_audit import AdminAuditEntry
from leadcapture.models.alerts import AlertRule, Notification
from leadcapture.models.analytics_rollups import EventDay, RetentionDay, ToolStepDay
from leadcapture.models.attribution import (
    NO_PREVIOUS_DAY,
    BookingJourney,
    BookingTouch,
    ChannelVisitorDay,
    ChannelVisitorPair,
    LeadJourney,
    LeadTouch,
    RollupDay,
)
from leadcapture.models.bookings import Booking
from leadcapture.models.catalog import Procedure
from leadcapture.models.consent_records import MarketingConsentWithdrawal, TrackingConsent
from leadcapture.models.erasure import ErasedEmail
from leadcapture.models.event_impact import EventImpactRule
from leadcapture.models.experiments import (
    AUDIENCE_VISITORS,
    EXPERIMENT_METRICS,
    EXPERIMENT_STATUSES,
    TARGET_KINDS,
    Experiment,
    ExperimentExposure,
    ExperimentVariant,
)
from leadcapture.models.feedback import (
    EASE_OF_USE_CHOICES,
    FEEDBACK_CONTEXTS,
    HELPFULNESS_CHOICES,
    MAX_COMMENT_LENGTH,
    RATING_DIMENSIONS,
    SENTIMENT_LABELS,
    WOULD_BOOK_CHOICES,
    Feedback,
)
from leadcapture.models.feedback_prompts import (
    FEEDBACK_PROMPT_STATUSES,
    FEEDBACK_PROMPT_TYPES,
    FeedbackPrompt,
    FeedbackPromptSettingsRow,
)
from leadcapture.models.feedback_replies import MAX_REPLY_LENGTH, FeedbackReply
from leadcapture.models.feedback_rollups import FeedbackDay, PromptDay
from leadcapture.models.insights import (
    InsightQueue,
    LeadInsight,
    LeadInsightQueue,
    NextActionRule,
    VisitorInsight,
)
from leadcapture.models.interactions import BehaviourEvent, Interaction
from leadcapture.models.lead_workflow import LeadActivity, LeadNote
from leadcapture.models.leads import ATTRIBUTION_FIELDS, LEAD_STATUSES, LIFECYCLE_STAGES, Lead, LeadVisitor
from leadcapture.models.mail import MAIL_STATUSES, OutgoingMail
from leadcapture.models.media import MEDIA_KINDS, VisitorMedia
from leadcapture.models.outbox import OUTBOX_STATUSES, IntegrationState, SyncOutbox
from leadcapture.models.privacy import PrivacyRequest
from leadcapture.models.prompts import PROMPT_STATUSES, ContactPrompt
from leadcapture.models.rollups import (
    DailyActivity,
    FilterValue,
    FunnelRollup,
    PurgedDailyActivity,
    PurgedFunnelRollup,
    RollupQueue,
    RollupState,
)
from leadcapture.models.scoring import (
    RuleSetVersion,
    ScoringAudit,
    ScoringRule,
    ScoringSettingsRow,
    VisitorScore,
)
from leadcapture.models.submitted_details import SUBMITTED_STATES, SubmittedDetail
from leadcapture.models.system_samples import SystemSample
from leadcapture.models.users import ROLES, User
from leadcapture.models.visitors import SessionTool, Visitor, VisitSession
from leadcapture.models.webhooks import (
    WEBHOOK_DELIVERY_STATUSES,
    WEBHOOK_EVENTS,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from leadcapture.models.weekly_reports import WeeklyReportArchive, WeeklyReportSettingsRow

__all__ = [
    "ATTRIBUTION_FIELDS",
    "AUDIENCE_VISITORS",
    "EASE_OF_USE_CHOICES",
    "EXPERIMENT_METRICS",
    "EXPERIMENT_STATUSES",
    "FEEDBACK_CONTEXTS",
    "FEEDBACK_PROMPT_STATUSES",
    "FEEDBACK_PROMPT_TYPES",
    "HELPFULNESS_CHOICES",
    "LEAD_STATUSES",
    "LIFECYCLE_STAGES",
    "MAIL_STATUSES",
    "MAX_COMMENT_LENGTH",
    "MAX_REPLY_LENGTH",
    "MEDIA_KINDS",
    "NO_PREVIOUS_DAY",
    "OUTBOX_STATUSES",
    "PROMPT_STATUSES",
    "RATING_DIMENSIONS",
    "ROLES",
    "SENTIMENT_LABELS",
    "SUBMITTED_STATES",
    "TARGET_KINDS",
    "WEBHOOK_DELIVERY_STATUSES",
    "WEBHOOK_EVENTS",
    "WOULD_BOOK_CHOICES",
    "AdminAuditEntry",
    "AlertRule",
    "BehaviourEvent",
    "Booking",
    "BookingJourney",
    "BookingTouch",
    "ChannelVisitorDay",
    "ChannelVisitorPair",
    "ContactPrompt",
    "DailyActivity",
    "ErasedEmail",
    "EventDay",
    "EventImpactRule",
    "Experiment",
    "ExperimentExposure",
    "ExperimentVariant",
    "Feedback",
    "FeedbackDay",
    "FeedbackPrompt",
    "FeedbackPromptSettingsRow",
    "FeedbackReply",
    "FilterValue",
    "FunnelRollup",
    "InsightQueue",
    "IntegrationState",
    "Interaction",
    "Lead",
    "LeadActivity",
    "LeadInsight",
    "LeadInsightQueue",
    "LeadJourney",
    "LeadNote",
    "LeadTouch",
    "LeadVisitor",
    "MarketingConsentWithdrawal",
    "NextActionRule",
    "Notification",
    "OutgoingMail",
    "PrivacyRequest",
    "PromptDay",
    "Procedure",
    "PurgedDailyActivity",
    "PurgedFunnelRollup",
    "RetentionDay",
    "RollupDay",
    "RollupQueue",
    "RollupState",
    "RuleSetVersion",
    "ScoringAudit",
    "ScoringRule",
    "ScoringSettingsRow",
    "SessionTool",
    "SubmittedDetail",
    "SyncOutbox",
    "ToolStepDay",
    "SystemSample",
    "TrackingConsent",
    "User",
    "VisitSession",
    "Visitor",
    "VisitorInsight",
    "VisitorMedia",
    "VisitorScore",
    "WeeklyReportArchive",
    "WeeklyReportSettingsRow",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
