"""Alerts: rules admins enable (``rules``, kinds in ``kinds``), checked by the periodic
``evaluate-alerts`` job (``evaluate``), and hot leads told at once from the write path
(``hot_leads``). Each alert is a notification, at most one open per cause until it clears
(``store``), emailed to its recipients and shown in the admin's notifications and live feed.

Other parts open and clear their own alerts with ``open_alert`` and ``clear_alert``.
"""

from leadcapture.alerts.store import clear_alert, open_alert

__all__ = ["clear_alert", "open_alert"]
