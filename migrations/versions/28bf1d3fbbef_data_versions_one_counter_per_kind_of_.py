"""data versions: one counter per kind of data (agenda, hubs, bookings), moved up in the transaction of every change, so validators cost one key look-up

Revision ID: 28bf1d3fbbef
Revises: 722b7911f8f8
Create Date: 2026-12-05 12:08:58.299352

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '28bf1d3fbbef'
down_revision = '722b7911f8f8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_versions',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions'))
    )


def downgrade():
    op.drop_table('data_versions')
