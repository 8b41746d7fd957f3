"""Background jobs on RQ: one queue per purpose."""

QUEUE_NAMES = ("hubspot", "default", "maintenance")
