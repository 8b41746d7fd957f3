"""Clients of outside services (HubSpot)."""
