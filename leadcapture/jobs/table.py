"""Every background job, one row each: a new job is one row here.

``enqueue``, ``flask worker`` and the inline runner read their function, queue, timeout and period
from this table only. Functions are dotted paths, so the web process never imports job code.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str  # also the RQ id of a periodic job's runs: letters, digits, _ and -
    function: str  # dotted path
    queue: str  # one of leadcapture.jobs.QUEUE_NAMES
    timeout: int  # seconds; RQ kills the job after it (a killed job is noticed only then: keep it short)
    period: int | None = None  # seconds between runs of a periodic job


def _by_name(*jobs: Job) -> dict[str, Job]:
    return {job.name: job for job in jobs}


JOBS = _by_name(
    # name, function, queue, timeout (s)[, period (s)]
    Job("hubspot-sync", "leadcapture.sync.job.sync_pending", "hubspot", 120),
    Job("hubspot-sweeper", "leadcapture.sync.sweeper.sweep", "maintenance", 120, 60),
    # A full rescore walks every visitor: ~42 s per million on PostgreSQL (bench/rescore.py).
    Job("rescore", "leadcapture.visitor_scores.rescore.rescore_all", "default", 3600),
    # Score decay (leadcapture.visitor_scores.decay): once a day, the scores time carried across a
    # level or the form threshold; nothing when decay is off.
    Job("decay-scores", "leadcapture.visitor_scores.decay.decay_scores", "maintenance", 1800, 24 * 3600),
    Job("refresh-rollups", "leadcapture.jobs.maintenance.refresh_report_rollups", "maintenance", 120, 60),
    # Email (leadcapture.mail): one message as soon as it is committed; retries and lost ones every minute.
    Job("send-mail", "leadcapture.mail.deliver", "default", 60),
    Job("send-due-mail", "leadcapture.mail.deliver_due", "maintenance", 300, 60),
    # Outgoing webhooks (leadcapture.webhooks.sender): a commit's deliveries as soon as it is
    # committed; retries and lost ones every minute.
    Job("send-webhooks", "leadcapture.webhooks.sender.deliver_ids", "default", 300),
    Job("send-due-webhooks", "leadcapture.webhooks.sender.deliver_due", "maintenance", 300, 60),
    # The follow-up email a day after a booking (leadcapture.feedback_prompts.followup), once each.
    Job("feedback-followup", "leadcapture.feedback_prompts.followup.send_followups", "maintenance", 300, 900),
    # The weekly report (leadcapture.reports.weekly.schedule): sent once a week, from Monday 08:00
    # clinic time; a run that finds it sent (or not due) does nothing.
    Job("weekly-report", "leadcapture.reports.weekly.schedule.send_due_report", "maintenance", 300, 900),
    # Insights (leadcapture.insights): the queued visitors and leads recomputed every minute; every
    # lead's next actions again each hour (they depend on the date) and after the rules change.
    Job("refresh-insights", "leadcapture.insights.jobs.refresh_job", "maintenance", 120, 60),
    Job("reapply-next-actions", "leadcapture.insights.reapply.reapply_actions", "maintenance", 600, 3600),
    # Alert rules (leadcapture.alerts.evaluate): open the alerts whose causes fire, clear the rest.
    Job("evaluate-alerts", "leadcapture.alerts.evaluate.evaluate_alerts", "maintenance", 120, 300),
    # Retention (`flask privacy purge`: visitors, events, kept media, comments, leads): the first
    # run after a long pause may have months to do.
    Job("privacy-purge", "leadcapture.privacy.retention.purge_job", "maintenance", 3600, 24 * 3600),
    # The System page's chart: the outbox and queue gauges every 5 minutes (leadcapture.ops.samples).
    Job("system-sample", "leadcapture.ops.samples.take_sample", "maintenance", 60, 300),
)
PERIODIC_JOBS = tuple(job for job in JOBS.values() if job.period)


def job_named(job: Job | str) -> Job:
    """The row of ``job`` (a name or the row itself); ``KeyError`` for an unknown name."""
    return job if isinstance(job, Job) else JOBS[job]
