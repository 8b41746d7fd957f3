"""Migration 0033: settings stored with the one-step decay key load as the half-life, and the draft
does not look changed against the live version afterwards."""

from datetime import datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from leadcapture.extensions import db
from leadcapture.scoring import DEFAULT_RULES, DEFAULT_SETTINGS
from leadcapture.scoring_rules.changes import draft_status, version_changes
from leadcapture.scoring_rules.live import live_rules
from tests.conftest import BACKENDS
from tests.migrating import app_at_revision

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
OLD_SETTINGS = DEFAULT_SETTINGS.to_dict() | {"decay_enabled": True}
del OLD_SETTINGS["decay_half_life_days"]
OLD_SETTINGS["decay_after_days"] = 45


@pytest.mark.parametrize("backend", BACKENDS)
def test_0033_renames_the_stored_decay_setting(request, tmp_path, backend):
    app = app_at_revision(request, tmp_path, backend, "leadcapture_decay", "0032_experiments")
    with app.app_context():
        versions = sa.table(
            "rule_set_versions",
            *(sa.column(name) for name in ("version", "published_by", "note")),
            sa.column("published_at", sa.DateTime),
            sa.column("rules", JSON),
            sa.column("settings", JSON),
        )
        draft = sa.table(
            "scoring_settings",
            sa.column("id"),
            sa.column("values", JSON),
            sa.column("updated_at", sa.DateTime),
        )
        now = datetime(2026, 3, 1, 10)
        for version in (1, 2):
            row = {"version": version, "published_at": now, "published_by": "admin", "note": ""}
            db.session.execute(
                sa.insert(versions).values(row | {"rules": DEFAULT_RULES, "settings": OLD_SETTINGS})
            )
        db.session.execute(sa.insert(draft).values(id=1, values=OLD_SETTINGS, updated_at=now))
        db.session.commit()
        flask_migrate.upgrade()
        live = live_rules()
        assert (live.settings.decay_enabled, live.settings.decay_half_life_days) == (True, 45)
        status = draft_status()
        assert status.settings.decay_half_life_days == 45 and status.changes.settings == {}
        assert version_changes(2)[2].settings == {}
        flask_migrate.downgrade(revision="0032_experiments")
        stored = db.session.execute(sa.select(draft.c["values"])).scalar_one()
        assert stored["decay_after_days"] == 45 and "decay_half_life_days" not in stored
        db.session.rollback()
        db.engine.dispose()
