"""gunicorn's settings file, read from the folder it starts in (`gunicorn wsgi:app`, see README).

The recommendation tool's scikit-learn is loaded here, once, before the workers fork: a visitor's
first recommendation would otherwise wait about 2 s for it. `flask` commands and workers load it
only on use (tests/app/test_startup.py)."""

import sklearn.feature_extraction.text  # noqa: F401
