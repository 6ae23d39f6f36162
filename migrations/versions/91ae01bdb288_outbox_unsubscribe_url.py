"""Outbox: a one-click unsubscribe link for list mails (followers, digests)

Revision ID: 91ae01bdb288
Revises: 2d183b85adce
Create Date: 2026-12-05 11:59:48.469177

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '91ae01bdb288'
down_revision = '2d183b85adce'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=False,
                                      server_default=''))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')
