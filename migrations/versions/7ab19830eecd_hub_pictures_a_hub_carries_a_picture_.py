"""hub pictures: a hub carries a picture with its alt text

Revision ID: 7ab19830eecd
Revises: dbff4bbbfd67
Create Date: 2026-12-01 23:29:11.454394

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7ab19830eecd'
down_revision = 'dbff4bbbfd67'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hubs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('image_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('image_alt', sa.String(length=300), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_hubs_image_id_images'), 'images', ['image_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('hubs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_hubs_image_id_images'), type_='foreignkey')
        batch_op.drop_column('image_alt')
        batch_op.drop_column('image_id')

