"""The product analytics pages (admins and marketing): active visitors and stickiness, weekly
retention cohorts, the event explorer and abandonment points, each read from daily roll-ups."""
