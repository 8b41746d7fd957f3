"""The procedure catalog as plain data, the way the tools read it."""

from dataclasses import dataclass
from types import SimpleNamespace

from leadcapture.catalog.defaults import DEFAULT_PROCEDURES


@dataclass(frozen=True)
class ProcedureInfo:
    """One catalog procedure; prices are per session, in ``currency``."""

    id: str
    name: str
    description: str
    concerns: tuple[str, ...]
    keywords: tuple[str, ...]
    price_low: int
    price_high: int
    currency: str
    typical_sessions: int

    @classmethod
    def from_row(cls, row) -> "ProcedureInfo":
        """From a ``Procedure`` model (or anything with the same attributes)."""
        return cls(
            id=row.id,
            name=row.name,
            description=row.description,
            concerns=tuple(row.concerns or ()),
            keywords=tuple(row.keywords or ()),
            price_low=row.price_low,
            price_high=row.price_high,
            currency=row.currency,
            typical_sessions=row.typical_sessions,
        )


def default_catalog() -> list[ProcedureInfo]:
    """The seeded catalog without a database (for the tools' own tests and benchmarks)."""
    return [ProcedureInfo.from_row(SimpleNamespace(currency="USD", **data)) for data in DEFAULT_PROCEDURES]
