"""Per-visitor and per-lead insights kept current from a queue (``refresh``), read as of a day
(``view``), and the next actions for sales their rules give (``conditions``, ``rules``)."""
