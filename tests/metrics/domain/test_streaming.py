"""The readers stream: recognise reads only the head of a file, read_facts reads as it yields."""

from __future__ import annotations

import io

from cadence.metrics.domain.facts import FactRow
from cadence.metrics.domain.reader import read_facts, recognise


class Counting(io.BytesIO):
    """A stream that remembers the furthest byte read."""

    furthest = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = super().readinto(buffer)
        self.furthest = max(self.furthest, self.tell())
        return count

    def read1(self, size: int = -1) -> bytes:
        data = super().read1(size)
        self.furthest = max(self.furthest, self.tell())
        return data


def _big() -> bytes:
    header = "Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions,Link clicks\n"
    row = "2027-03-01,2027-03-01,Spring,10.50,1000,12\n"
    return (header + row * 150_000).encode()  # about 6.5 MB


def test_recognise_reads_only_the_head() -> None:
    stream = Counting(_big())
    recognition = recognise(stream)
    assert recognition.layout is not None
    assert stream.furthest <= 256 * 1024
    assert stream.tell() == 0  # rewound for the next pass


def test_read_facts_reads_as_it_yields() -> None:
    data = _big()
    stream = Counting(data)
    layout = recognise(stream).layout
    assert layout is not None
    rows = read_facts(stream, layout)
    first = next(rows)
    assert isinstance(first, FactRow) and first.line == 2
    assert stream.furthest <= 256 * 1024
    assert sum(1 for _ in rows) == 149_999
    assert stream.furthest == len(data)
