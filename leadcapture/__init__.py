"""LeadCapture: turns anonymous visitors of a clinic website into scored, attributed leads.

The app factory is ``leadcapture.app.create_app``."""
