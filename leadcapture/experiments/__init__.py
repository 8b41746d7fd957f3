"""A/B experiments: who is enrolled in which variant (``assignment``), the exposures the requests
that showed a variant write, and the results' statistics (``stats``, pure)."""
