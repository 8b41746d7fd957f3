"""The procedure catalog: its seed data (``defaults``) and its database side (``store``)."""
