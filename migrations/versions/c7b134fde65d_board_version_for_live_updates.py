"""board version for live updates: a counter on each board that goes up with every change
to what the board shows, so that open copies can ask "anything new?" with one look-up

Revision ID: c7b134fde65d
Revises: d8aaaf9d4ed5
Create Date: 2026-12-05 08:07:52.775428

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7b134fde65d'
down_revision = 'd8aaaf9d4ed5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('boards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('boards', schema=None) as batch_op:
        batch_op.drop_column('version')
