"""Visitor media: every kept face photo, recommendation photo and voice note linked to its visitor

Recommendation uploads kept before this revision were named only in their interaction's data
(``attachment.file``): they get their row here, and the data keeps what it says about the use.

Revision ID: 0018_visitor_media
Revises: 0017_retention
Create Date: 2026-12-07 10:00:00

"""

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "0018_visitor_media"
down_revision = "0017_retention"
branch_labels = None
depends_on = None

# The upload kinds interactions named before, and the media kinds they are now.
OLD_KINDS = {"photo": "recommendation_photo", "voice": "voice_note"}

interactions = sa.table(
    "interactions",
    sa.column("id", sa.String),
    sa.column("visitor_id", sa.String),
    sa.column("data", sa.JSON().with_variant(JSONB(), "postgresql")),
    sa.column("created_at", sa.DateTime),
)
media = sa.table(
    "visitor_media",
    sa.column("id", sa.String),
    sa.column("visitor_id", sa.String),
    sa.column("interaction_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("file_name", sa.String),
    sa.column("content_type", sa.String),
    sa.column("bytes", sa.Integer),
    sa.column("created_at", sa.DateTime),
)


def upgrade():
    op.create_table(
        "visitor_media",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("visitor_id", sa.String(length=64), nullable=False),
        sa.Column("interaction_id", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("file_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_visitor_media_interaction_id_interactions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"],
            ["visitors.id"],
            name=op.f("fk_visitor_media_visitor_id_visitors"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visitor_media")),
        sa.UniqueConstraint("file_name", name=op.f("uq_visitor_media_file_name")),
    )
    with op.batch_alter_table("visitor_media", schema=None) as batch_op:
        batch_op.create_index("ix_visitor_media_interaction", ["interaction_id"], unique=False)
        batch_op.create_index("ix_visitor_media_kind_created", ["kind", "created_at"], unique=False)
        batch_op.create_index("ix_visitor_media_visitor_created", ["visitor_id", "created_at"], unique=False)
    link_kept_attachments()


def link_kept_attachments():
    """A row for each upload an interaction names; its data keeps kind, type and size only."""
    conn = op.get_bind()
    named = conn.execute(
        sa.select(interactions).where(interactions.c.data[("attachment", "file")].as_string().is_not(None))
    ).all()
    for row in named:
        attachment = row.data["attachment"]
        kind = OLD_KINDS.get(attachment.get("kind"), "recommendation_photo")
        conn.execute(
            media.insert().values(
                id=uuid.uuid4().hex,
                visitor_id=row.visitor_id,
                interaction_id=row.id,
                kind=kind,
                file_name=attachment["file"],
                content_type=attachment.get("content_type") or "application/octet-stream",
                bytes=attachment.get("bytes") or 0,
                created_at=row.created_at,
            )
        )
        said = {
            "kind": kind,
            "content_type": attachment.get("content_type"),
            "bytes": attachment.get("bytes"),
        }
        conn.execute(
            interactions.update()
            .where(interactions.c.id == row.id)
            .values(data={**row.data, "attachment": said})
        )


def downgrade():
    conn = op.get_bind()
    old_kinds = {new: old for old, new in OLD_KINDS.items()}
    linked = conn.execute(
        sa.select(media, interactions.c.data)
        .join(interactions, interactions.c.id == media.c.interaction_id)
        .where(media.c.kind.in_(list(old_kinds)))
    ).all()
    for row in linked:
        attachment = {
            "file": row.file_name,
            "kind": old_kinds[row.kind],
            "content_type": row.content_type,
            "bytes": row.bytes,
        }
        conn.execute(
            interactions.update()
            .where(interactions.c.id == row.interaction_id)
            .values(data={**row.data, "attachment": attachment})
        )
    op.drop_table("visitor_media")
