"""``flask privacy …``: data-subject requests and retention from the command line."""

from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Export or erase a person's data; apply the retention settings.")
