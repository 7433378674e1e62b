"""JSON pointers built from path tokens read back as those tokens (RFC 6901 escaping)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aibom._pointer import pointer, split_pointer


@settings(max_examples=200, deadline=None)
@given(tokens=st.lists(st.one_of(st.text(alphabet="ab/~01", max_size=4), st.integers(0, 12)), max_size=5))
def test_a_pointer_reads_back_as_its_tokens(tokens: list[str | int]) -> None:
    assert split_pointer(pointer(tokens)) == [str(token) for token in tokens]
