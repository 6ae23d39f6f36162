"""Stored pictures: the re-encoded upload, and the sizes made from it for pages."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.extensions import db
from hubsite.timeutil import utcnow

# Widths (px) a page may choose from with `srcset`; a picture is never made larger than it is.
VARIANT_WIDTHS = (480, 960, 1600)
# The formats of the sizes: WebP for browsers that take it, JPEG for the rest.
VARIANT_FORMATS = {"webp": "image/webp", "jpeg": "image/jpeg"}


class Image(db.Model):
    """An uploaded picture, already checked and re-encoded, kept in the database
    so every worker and every machine can serve it. Its content never changes:
    a new upload is a new row, so its URLs may be cached for good."""

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_type: Mapped[str] = mapped_column(sa.String(40))
    width: Mapped[int]
    height: Mapped[int]
    # Deferred: pages need the size, only the view that serves the file needs the bytes.
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    variants: Mapped[list[ImageVariant]] = relationship(
        back_populates="image", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(ImageVariant.format, ImageVariant.width)",
    )

    @property
    def sizes(self) -> list[tuple[int, int]]:
        """The (width, height) of every size made of this picture, smallest first.

        Worked out from the picture's own size, so a page can write `srcset` without
        loading the variants.
        """
        widths = sorted({min(width, self.width) for width in VARIANT_WIDTHS})
        return [(width, scaled_height(self.width, self.height, width)) for width in widths]


def scaled_height(width: int, height: int, new_width: int) -> int:
    """The height that keeps the proportions of `width`×`height` at `new_width`."""
    return max(1, round(height * new_width / width))


class ImageVariant(db.Model):
    """One size of a picture in one format, made from the stored picture."""

    __tablename__ = "image_variants"
    __table_args__ = (sa.UniqueConstraint("image_id", "format", "width"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[int] = mapped_column(sa.ForeignKey("images.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(sa.String(10))  # a key of VARIANT_FORMATS
    width: Mapped[int]
    height: Mapped[int]
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)

    image: Mapped[Image] = relationship(back_populates="variants")

    @property
    def content_type(self) -> str:
        return VARIANT_FORMATS[self.format]
