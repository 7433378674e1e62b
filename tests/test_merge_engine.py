"""The merge engine's one-pass paths give what its general steps give."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aibom._shape import document_shape
from aibom.merge.policy import Policy
from aibom.merge.refs import rewrite
from aibom.merge.result import MISSING
from aibom.merge.values import ANY, Engine, Owner
from aibom.spec import SpecVersion

GRAPH = document_shape(SpecVersion.V1_6).properties["dependencies"]
REFS = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "a#2"])


ENTRY = st.fixed_dictionaries(
    {"ref": REFS},
    optional={
        "dependsOn": st.lists(REFS, max_size=4),
        "provides": st.lists(REFS, max_size=2),
        "x-note": st.sampled_from(["one", "two"]),
    },
)
#: What the one-pass path must leave to the general one: no ref, not an object.
ODD = st.one_of(st.fixed_dictionaries({"dependsOn": st.lists(REFS, max_size=2)}), st.just("a"), st.just(None))


@st.composite
def _graph(draw: st.DrawFn, max_size: int) -> list[Any]:
    """A dependency graph, mostly well formed (each ref once); now and then with a repeated ref or an odd item."""
    entries: list[Any] = draw(st.lists(ENTRY, max_size=max_size, unique_by=lambda entry: entry["ref"]))
    if draw(st.integers(0, 9)) == 0:
        entries.insert(draw(st.integers(0, len(entries))), draw(st.one_of(ODD, ENTRY)))
    return entries


@st.composite
def _graphs(draw: st.DrawFn) -> tuple[list[Any], list[Any]]:
    """Two dependency graphs, the second mostly the first's entries with other lists of references."""
    ours = draw(_graph(6))
    theirs: list[Any] = []
    for entry in ours:
        if type(entry) is dict and draw(st.booleans()):
            relisted = {key: draw(st.lists(REFS, max_size=4)) for key, value in entry.items() if type(value) is list}
            theirs.append({**entry, **relisted})
    held = {entry.get("ref") for entry in theirs}
    theirs += [entry for entry in draw(_graph(3)) if type(entry) is not dict or entry.get("ref") not in held]
    return ours, draw(st.permutations(theirs))


@settings(max_examples=300, deadline=None)
@example(  # two conflicts, met in the first input's order whatever the second's
    graphs=(
        [{"ref": "a", "x-note": "one"}, {"ref": "b", "x-note": "one"}],
        [{"ref": "b", "x-note": "two"}, {"ref": "a", "x-note": "two"}],
    ),
    mapping={},
    policy=Policy.PREFER_LAST,
)
@given(
    graphs=_graphs(),
    mapping=st.one_of(st.just({}), st.dictionaries(REFS, st.sampled_from(["x", "y", "a"]), max_size=2)),
    policy=st.sampled_from([Policy.PREFER_FIRST, Policy.PREFER_LAST, Policy.FAIL]),
)
def test_the_dependency_graphs_merged_in_one_pass_equal_the_two_steps(
    graphs: tuple[list[Any], list[Any]], mapping: dict[str, str], policy: Policy
) -> None:
    ours, theirs = graphs
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


COMPONENT = document_shape(SpecVersion.V1_6).properties["components"].items
SCALARS = st.one_of(st.sampled_from(["1.0", "2.0", "a", "b"]), st.integers(0, 2), st.booleans(), st.none())
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["name", "version", "hashes", "ref", "alg", "tags"]), inner, max_size=3),
    ),
    max_leaves=12,
)


@st.composite
def _related(draw: st.DrawFn) -> tuple[Any, Any]:
    """Two values, the second often the first with a part changed (else drawn apart); now and then two lists of
    strings (such as references or tags), mostly distinct within each, overlapping across."""
    if draw(st.integers(0, 3)) == 0:
        strings = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=4, unique=draw(st.booleans()))
        return {"tags": draw(strings)}, {"tags": draw(strings)}
    first = draw(JSON)
    if type(first) is dict and first and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(first)))
        return first, {**first, key: draw(JSON)}
    return first, draw(JSON)


@settings(max_examples=300, deadline=None)
@given(
    pair=_related(),
    shape=st.sampled_from([COMPONENT, ANY]),
    name=st.sampled_from([None, "licenses", "ancestors", "tags"]),
    policy=st.sampled_from([Policy.PREFER_FIRST, Policy.PREFER_LAST, Policy.FAIL]),
)
def test_two_inputs_merge_as_the_general_engine_merges_them(
    pair: tuple[Any, Any], shape: Any, name: str | None, policy: Policy
) -> None:
    # The general engine, given a third input that has nothing, takes none of the two-input shortcuts.
    two = Engine(sides=2, three_way=False, policy=policy, timestamps=[None, None])
    general = Engine(sides=3, three_way=False, policy=policy, timestamps=[None, None, None])

    merged = two.merge(pair, shape, name, None, Owner("component x"))
    expected = general.merge((*pair, MISSING), shape, name, None, Owner("component x"))

    assert merged == expected
    assert [p.finish(policy.value) for p in two.conflicts] == [p.finish(policy.value) for p in general.conflicts]
