"""Keeping HubSpot in step with the leads: the outbox, the sync job, the sweeper."""
