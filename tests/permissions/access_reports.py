"""The reports app's part of the permission table; see access.py for what each cell means.

Aligned by hand like the main table (ruff's formatter is off for it)."""

from tests.permissions.access import Access, Demo


def load(demo: Demo) -> None:
    """Add to the matrix's demo what these entries ask for, into `demo.extra`."""


# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
}
# fmt: on
