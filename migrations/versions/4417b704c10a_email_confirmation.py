"""e-mail confirmation: users.email_confirmed_at; every existing account counts as confirmed

Revision ID: 4417b704c10a
Revises: c461e1893171
Create Date: 2026-12-01 23:14:41

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4417b704c10a'
down_revision = 'c461e1893171'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    # Accounts made before confirmation existed keep logging in: they count as
    # confirmed since they were made.
    users = sa.table('users', sa.column('created_at', sa.DateTime()),
                     sa.column('email_confirmed_at', sa.DateTime()))
    op.execute(users.update().values(email_confirmed_at=users.c.created_at))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
