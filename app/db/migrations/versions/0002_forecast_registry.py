"""Forecast model registry: model versions per horizon and their walk-forward evaluations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from app.db.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forecast_models",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("horizon", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("train_start", sa.Date(), nullable=False),
        sa.Column("train_end", sa.Date(), nullable=False),
        sa.Column("n_train", sa.Integer(), nullable=False),
        sa.Column("tickers", sa.JSON(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("artifact", sa.String(300), nullable=False),
        sa.UniqueConstraint("version", "horizon", name="uq_forecast_models_version_horizon"),
    )
    op.create_index(
        "ix_forecast_models_horizon_created", "forecast_models", ["horizon", "created_at"]
    )
    op.create_table(
        "forecast_evaluations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "model_id",
            sa.Integer(),
            sa.ForeignKey("forecast_models.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("scope", sa.String(24), nullable=False),
        sa.Column("model", sa.String(24), nullable=False),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("value", sa.Float()),
        sa.Column("ci_low", sa.Float()),
        sa.Column("ci_high", sa.Float()),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_forecast_evaluations_model_id", "forecast_evaluations", ["model_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_forecast_evaluations_model_id", table_name="forecast_evaluations")
    op.drop_table("forecast_evaluations")
    op.drop_index("ix_forecast_models_horizon_created", table_name="forecast_models")
    op.drop_table("forecast_models")
