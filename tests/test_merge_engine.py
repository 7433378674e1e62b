"""The merge engine's one-pass paths give what its general steps give."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aibom._shape import document_shape
from aibom.merge.policy import Policy
from aibom.merge.refs import rewrite
from aibom.merge.values import Engine, Owner
from aibom.spec import SpecVersion

GRAPH = document_shape(SpecVersion.V1_6).properties["dependencies"]
REFS = st.sampled_from(["a", "b", "c", "d", "e", "a#2"])


def _entries() -> st.SearchStrategy[Any]:
    """Dependency entries, mostly well formed; some repeat a ref, lack one, carry other fields or are not
    objects, which the one-pass path must leave to the general one."""
    entry = st.fixed_dictionaries(
        {"ref": REFS},
        optional={
            "dependsOn": st.lists(REFS, max_size=4),
            "provides": st.lists(REFS, max_size=2),
            "x-note": st.sampled_from(["one", "two"]),
        },
    )
    odd = st.one_of(st.fixed_dictionaries({"dependsOn": st.lists(REFS, max_size=2)}), st.just("a"), st.just(None))
    return st.one_of(entry, entry, entry, entry, odd)


@settings(max_examples=300, deadline=None)
@example(  # two conflicts, met in the first input's order whatever the second's
    ours=[{"ref": "a", "x-note": "one"}, {"ref": "b", "x-note": "one"}],
    theirs=[{"ref": "b", "x-note": "two"}, {"ref": "a", "x-note": "two"}],
    mapping={},
    policy=Policy.PREFER_LAST,
)
@given(
    ours=st.lists(_entries(), max_size=6),
    theirs=st.lists(_entries(), max_size=6),
    mapping=st.dictionaries(REFS, REFS, max_size=3),
    policy=st.sampled_from([Policy.PREFER_FIRST, Policy.PREFER_LAST, Policy.FAIL]),
)
def test_the_dependency_graphs_merged_in_one_pass_equal_the_two_steps(
    ours: list[Any], theirs: list[Any], mapping: dict[str, str], policy: Policy
) -> None:
    one_pass = Engine(sides=2, three_way=False, policy=policy, timestamps=[None, None])
    two_steps = Engine(sides=2, three_way=False, policy=policy, timestamps=[None, None])
    link = (None, "dependencies")

    merged = one_pass.merge_rewritten(ours, theirs, GRAPH, "dependencies", mapping, link, Owner("dependencies"))
    expected = two_steps.merge(
        (ours, rewrite(theirs, GRAPH, mapping)), GRAPH, "dependencies", link, Owner("dependencies")
    )

    assert merged == expected
    assert [pending.finish(policy.value) for pending in one_pass.conflicts] == [
        pending.finish(policy.value) for pending in two_steps.conflicts
    ]
