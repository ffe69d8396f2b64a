"""Exact per-text row sums over a batch of texts, with numpy.

Several stages sum one weight row per token (language id, emotions). Summing those rows
in Python costs a tuple unpacking and a float addition per token and column; here a whole
batch is summed at once: every text's row ids are laid out in a (texts x longest text)
matrix padded with row 0 (all zeros), the weight rows are gathered into a 3-d array and
reduced over the token axis.

The result is bit-for-bit the Python sum ``[sum(col) for col in zip(*rows)]`` of each
text: ``numpy.add.reduce`` over the middle axis of a C-ordered array adds the rows one
after the other in token order (unlike ``numpy.add.reduceat`` or a reduction over a
contiguous axis, which sum pairwise), and adding a padding zero changes no value.
``tests/test_batching.py`` checks this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import TypeVar

import numpy as np
import numpy.typing as npt

__all__ = ["PAD_MAX", "merge_back", "row_sums"]

T = TypeVar("T")
P = TypeVar("P")

# Texts of more tokens than this go through the stages' one-text paths: the padded matrix
# is as wide as the longest text, so one long text would make the whole batch wide.
PAD_MAX = 64


def row_sums(
    matrix: npt.NDArray[np.float64], ids: Iterable[int], lengths: Sequence[int]
) -> npt.NDArray[np.float64]:
    """Per text, the sum of ``matrix`` rows ``ids`` (all texts' ids one after the other,
    ``lengths[i]`` of them for text i), summed in order as Python would. Row 0 of
    ``matrix`` must be zeros."""
    n = len(lengths)
    lens = np.fromiter(lengths, np.intp, n)
    width = int(lens.max()) if n else 0
    idx = np.zeros((n, width), np.intp)
    idx[np.arange(width) < lens[:, None]] = np.fromiter(ids, np.intp, int(lens.sum()))
    out: npt.NDArray[np.float64] = np.add.reduce(matrix[idx], axis=1)
    return out


def flat(seqs: Iterable[Iterable[str]]) -> Iterable[str]:
    """All tokens of all texts, one after the other."""
    return chain.from_iterable(seqs)


def merge_back(
    got: list[T], ps: Sequence[P], fit: Sequence[bool], one: Callable[[P], T]
) -> list[T]:
    """The batch results ``got`` (one per text with ``fit`` true, in order) put back among
    the one-text results ``one(p)`` of the texts the batch left out."""
    if len(got) == len(ps):
        return got
    it = iter(got)
    return [next(it) if ok else one(p) for p, ok in zip(ps, fit, strict=True)]
