"""gzip in pieces: one ordinary gzip member, and after a change in one piece only that
piece is compressed again."""

from __future__ import annotations

import gzip
import zlib

from hubsite import compression
from hubsite.caching import MemoryCache

PIECES = [b"BEGIN:VCALENDAR\r\n",
          *(f"BEGIN:VEVENT\r\nSUMMARY:Activiteit {n} \u00e9\u00e9n\r\nEND:VEVENT\r\n".encode()
            * 40 for n in range(6)),
          b"", b"END:VCALENDAR\r\n"]


class Counting(MemoryCache):
    def __init__(self) -> None:
        super().__init__()
        self.stored: list[str] = []

    def set_many(self, entries: dict[str, bytes]) -> None:
        self.stored += entries
        super().set_many(entries)


def test_pieces_decompress_to_the_whole_with_every_reader():
    body = compression.gzip_pieces(PIECES, MemoryCache())
    whole = b"".join(PIECES)
    assert gzip.decompress(body) == whole
    assert zlib.decompress(body, wbits=31) == whole  # one member: no bytes left over
    reader = zlib.decompressobj(wbits=31)
    assert reader.decompress(body) == whole and reader.eof and reader.unused_data == b""
    assert len(body) < len(whole) / 5


def test_only_a_changed_piece_is_compressed_again():
    kept = Counting()
    first = compression.gzip_pieces(PIECES, kept)
    assert len(kept.stored) == len(set(PIECES))  # each piece once (two empty ones alike)
    kept.stored.clear()
    assert compression.gzip_pieces(PIECES, kept) == first
    assert kept.stored == []
    changed = [*PIECES]
    changed[3] = changed[3].replace(b"Activiteit 2", b"Activiteit twee")
    body = compression.gzip_pieces(changed, kept)
    assert len(kept.stored) == 1
    assert gzip.decompress(body) == b"".join(changed)


def test_nothing_at_all_is_an_empty_gzip():
    assert gzip.decompress(compression.gzip_pieces([], MemoryCache())) == b""
