"""The Rice coding of offsets in own parts (index format 12): the writer, the scrub's codec, their refusals.

The writer's blocks (searchindex._rice_parts) are read back by the bit-by-bit reader of test_search_scrub
(`rice`), written independently of the code under test; the scrub's reader and writer (searchscrub) must
agree with it, through both of their paths (short blocks through strings of binary digits, longer ones
through numpy), and refuse a block that is not what its list says with a ScrubError (the caller then
builds the index cold), never another exception.
"""

from __future__ import annotations

import random
import struct

import numpy as np
import pytest
from test_search_scrub import rice

from generator.site import searchscrub
from generator.site.searchindex import RICE_MAX_K, _rice_parts
from generator.site.searchscrub import ScrubError, _rice_block, _rice_values, _rice_without


def _layout(rng: random.Random, rows: int, blocks: int) -> dict[int, dict[int, list[int]]]:
    """Values by row and block: every row has some; gaps of many sizes, zeros and ones, and 2**28 - 1."""
    found: dict[int, dict[int, list[int]]] = {}
    for row in range(rows):
        chosen = sorted(rng.sample(range(blocks), rng.randint(1, blocks)))
        found[row] = {}
        for block in chosen:
            scale = rng.choice([0, 1, 2, 30, 400, 5000, 1 << 20, (1 << 28) - 1])
            count = rng.choice([1, 2, 8, rng.randint(1, 300)])
            found[row][block] = [rng.randint(0, scale) for _ in range(count)]
    return found


@pytest.mark.parametrize("seed", range(12))
def test_the_writers_blocks_read_back_bit_by_bit(seed):
    rng = random.Random(seed)
    rows, blocks = rng.randint(1, 6), rng.randint(1, 9)
    layout = _layout(rng, rows, blocks)
    flat = [(row, block, value) for row in layout for block in layout[row] for value in layout[row][block]]
    row, block, values = (np.array(column) for column in zip(*flat))
    data, starts, sizes = _rice_parts(row, block, values.astype(np.uint32), rows, blocks)
    assert int(starts[-1] + sizes[-1]) == len(data)
    for r in range(rows):
        part = data[starts[r] : starts[r] + sizes[r]].tobytes()
        ends = struct.unpack_from(f"<{blocks}I", part)
        for b in range(blocks):
            lo, hi = 4 * blocks + (ends[b - 1] if b else 0), 4 * blocks + ends[b]
            expected = layout[r].get(b, [])
            if not expected:
                assert lo == hi  # a block without values takes no byte
                continue
            assert part[lo] <= RICE_MAX_K
            assert rice(part[lo:hi], len(expected)) == expected


@pytest.mark.parametrize("few", [0, 10**6])
def test_the_scrubs_two_paths_write_and_read_the_same_blocks(monkeypatch, few):
    """Either path alone (all blocks through numpy, or all through strings) gives the bytes the other gives."""
    rng = random.Random(5)
    for _ in range(300):
        k = rng.randint(0, 16)
        values = [rng.randint(0, 4 << k) for _ in range(rng.choice([1, 3, 39, 40, 41, 200]))]
        size = 1 + (len(values) * k + sum(v >> k for v in values) + len(values) + 7) // 8 + rng.randint(0, 3)
        monkeypatch.setattr(searchscrub, "_FEW", 40)
        both = _rice_block(values, k, size)
        assert len(both) == size and rice(both, len(values)) == values
        monkeypatch.setattr(searchscrub, "_FEW", few)
        assert _rice_block(values, k, size) == both
        assert _rice_values(both, len(values)) == values


def test_taking_documents_out_of_a_block_keeps_its_parameter_and_leaves_zeros():
    per_doc, values = [3, 0, 2, 4], [500, 3, 900, 7, 7, 2000, 1, 1, 60]
    block = _rice_block(values, 8, 40)
    after = _rice_without(block, per_doc, [False, False, True, False])
    assert len(after) == 40 and after[0] == 8
    assert rice(after, 7) == [500, 3, 900, 2000, 1, 1, 60]
    assert _rice_without(block, per_doc, [True] * 4) == bytes(40)  # nothing left: zeros only


def _block() -> bytes:
    return _rice_block([300, 12, 7000], 8, 12)


@pytest.mark.parametrize(
    ("data", "n"),
    [
        (b"", 2),  # an empty block where the list has values
        (bytes([RICE_MAX_K + 1]) + _block()[1:], 3),  # a parameter no writer gives
        (_block()[:3], 3),  # cut short
        (_block(), 4),  # fewer values than the list says
        (_block()[:-1] + b"\x80", 3),  # a stray stop bit after the last value
        (bytes([0, 0, 1]), 0),  # bytes in a block the list gives no values
    ],
    ids=["empty", "parameter", "cut-short", "fewer-values", "stray-stop", "bytes-without-values"],
)
def test_a_block_that_is_not_what_its_list_says_is_refused(monkeypatch, data, n):
    assert _rice_values(_block(), 3) == [300, 12, 7000]  # control: the plain block reads
    for few in (0, 40):  # both paths
        monkeypatch.setattr(searchscrub, "_FEW", few)
        with pytest.raises(ScrubError):
            _rice_values(data, n)
