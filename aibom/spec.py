"""CycloneDX specification versions that aibom reads and writes."""

from __future__ import annotations

import enum

from aibom.errors import UnsupportedSpecVersion

__all__ = ["XML_NAMESPACES", "SpecVersion"]


class SpecVersion(enum.Enum):
    """A CycloneDX specification version.

    >>> SpecVersion.parse("1.6")
    <SpecVersion.V1_6: '1.6'>
    >>> SpecVersion.V1_5 < SpecVersion.V1_7
    True
    """

    V1_5 = "1.5"
    V1_6 = "1.6"
    V1_7 = "1.7"

    @classmethod
    def parse(cls, value: SpecVersion | str, *, source: str | None = None, location: str | None = None) -> SpecVersion:
        """Return the version named by ``value`` (``"1.6"`` or a :class:`SpecVersion`)."""
        if isinstance(value, SpecVersion):
            return value
        try:
            return cls(value)
        except ValueError:
            raise UnsupportedSpecVersion(
                f"CycloneDX version {value!r} is not supported",
                source=source,
                location=location,
                expected="one of " + ", ".join(repr(v.value) for v in cls),
            ) from None

    @property
    def xml_namespace(self) -> str:
        """The XML namespace of this version, ``http://cyclonedx.org/schema/bom/1.x``."""
        return f"http://cyclonedx.org/schema/bom/{self.value}"

    @property
    def schema_url(self) -> str:
        """The ``$schema`` URL a JSON document of this version declares."""
        return f"http://cyclonedx.org/schema/bom-{self.value}.schema.json"

    def _key(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.value.split("."))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, SpecVersion):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, SpecVersion):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, SpecVersion):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, SpecVersion):
            return NotImplemented
        return self._key() >= other._key()


XML_NAMESPACES = {version.xml_namespace: version for version in SpecVersion}
