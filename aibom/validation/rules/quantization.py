"""Quantization: the bit width fits the method that produced it.

The bit widths each method produces are the taxonomy's (``bits`` of each value
of ``aibom:quantization:method``); a method the taxonomy gives no widths
(``other``, or a name it does not know) is not checked.

>>> from aibom.spec import SpecVersion
>>> from aibom.validation.rules import check_ai_rules
>>> model = {"type": "machine-learning-model", "name": "m", "properties": [
...     {"name": "quant_method", "value": "gptq"}, {"name": "aibom:quantization:bits", "value": "5"},
...     {"name": "aibom:quantization:source_model", "value": "pkg:huggingface/acme/base@1"}]}
>>> [(f.code, f.location) for f in check_ai_rules({"components": [model]}, SpecVersion.V1_6)]
[('ai-quantization-bits', '/components/0/properties/1/value')]
>>> allowed_bits()["awq"]
(4,)
"""

from __future__ import annotations

from collections.abc import Iterator

from aibom.report import Severity
from aibom.validation.rules._rule import Hit, rule
from aibom.validation.rules._scan import Scan
from aibom.validation.rules._terms import vocabulary

__all__ = ["BITS", "METHOD", "allowed_bits", "bits_table", "quantization_bits"]

METHOD = "aibom:quantization:method"
BITS = "aibom:quantization:bits"


def allowed_bits() -> dict[str, tuple[float, ...]]:
    """The bit widths of each quantization method, as the taxonomy lists them (methods without widths left out)."""
    return {allowed.value: allowed.bits for allowed in vocabulary()[METHOD].values if allowed.bits is not None}


def _widths(bits: tuple[float, ...]) -> str:
    texts = [str(int(b)) if float(b).is_integer() else str(b) for b in bits]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]


def bits_table() -> str:
    """The taxonomy's bit widths per method, as a Markdown table (shown in the rule catalogue).

    >>> bits_table().splitlines()[2]
    '| `gptq` | 2, 3, 4 or 8 |'
    """
    rows = [f"| `{method}` | {_widths(bits)} |" for method, bits in allowed_bits().items()]
    return "\n".join(["| method | bits |", "|---|---|", *rows])


@rule(
    "ai-quantization-bits",
    Severity.WARNING,
    appendix=bits_table,
    example={"components": [{
        "type": "machine-learning-model", "bom-ref": "model:sentiment-7b-awq", "name": "sentiment-7b-awq",
        "properties": [
            {"name": "aibom:quantization:method", "value": "awq"},
            {"name": "aibom:quantization:bits", "value": "3"},
            {"name": "aibom:quantization:source_model", "value": "pkg:huggingface/acme/sentiment-7b@1a7b3c9"},
        ],
    }]},
)
def quantization_bits(scan: Scan) -> Iterator[Hit]:
    """A quantization bit width that its method does not produce.

    `aibom:quantization:bits` is checked against the widths the property taxonomy lists for the component's
    `aibom:quantization:method` (or `quant_method`, the Hugging Face name for it): the table below. A method the
    taxonomy lists no widths for (`other`, or a name it does not know) is not checked. A warning, not an error: a
    new release of a method can add a width before the taxonomy lists it. A bit width that is not a number from 1
    to 32 at all is `ai-property-invalid`.
    """
    table = allowed_bits()
    for bits in scan.named(BITS):
        holder = bits.holder
        method = holder.first(METHOD)
        definition = bits.definition
        if method is None or definition is None or bits.place != method.place or type(method.value) is not str:
            continue
        widths = table.get(method.value.strip().casefold())
        value = definition.value(bits.value)
        if widths is None or value is None or value in widths:
            continue
        yield bits.value_pointer, (
            f"{BITS} is {bits.text()}, but {method.value.strip()} quantization produces {_widths(widths)} bits"
        )
