"""gzip made of pieces compressed on their own, so that a body that changed in one place
is compressed again only there.

Each piece is a raw deflate stream ended at a byte boundary (a sync flush) and not
referring back to what came before it, so pieces may follow one another in any order:
with a gzip header, an empty final block and the trailer (CRC-32 and length of the
whole), they are one ordinary gzip member that every client reads. A piece's compressed
bytes are kept under a hash of its content.

This module imports no capability.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Sequence

from hubsite.caching import ByteCache

LEVEL = 6
# gzip, deflate, no flags, no time, no extra flags, unknown system (as `gzip.compress(mtime=0)`).
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_LAST_BLOCK = b"\x03\x00"  # an empty final block with fixed codes


def _deflated(piece: bytes) -> bytes:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH)


def gzip_pieces(pieces: Sequence[bytes], kept: ByteCache) -> bytes:
    """`b"".join(pieces)` gzip-compressed, each piece's deflate stream taken from `kept`
    when the same piece was compressed before (and kept there when not)."""
    keys = ["gz:" + hashlib.blake2b(piece, digest_size=16).hexdigest() for piece in pieces]
    found = kept.get_many(keys)
    fresh: dict[str, bytes] = {}
    out = [_HEADER]
    crc = size = 0
    for piece, key, deflated in zip(pieces, keys, found, strict=True):
        if deflated is None:
            deflated = fresh[key] = _deflated(piece)
        out.append(deflated)
        crc = zlib.crc32(piece, crc)
        size += len(piece)
    if fresh:
        kept.set_many(fresh)
    out += [_LAST_BLOCK, struct.pack("<II", crc, size & 0xFFFFFFFF)]
    return b"".join(out)
