"""The base of the portal's tables (django-tables2)."""

import django_tables2 as tables

# The most rows one page of a list shows when the address asks for more (?per_page=).
MAX_PER_PAGE = 100


class PortalTable(tables.Table):
    """A table whose page size asked for in the address (?per_page=) is used only from 1 to
    MAX_PER_PAGE; otherwise the table's own size applies. A size below one would leave no valid
    page number at all, and a huge one would load every row.

    A sort asked for in the address (?sort=) keeps only the names of the table's columns, each
    optionally after a "-": anything else is dropped before django-tables2 reads it (it would
    read "a.b" as a path to follow, a reading it has said will change). django-tables2 then
    keeps those of sortable columns."""

    @property
    def order_by(self):
        return super().order_by

    @order_by.setter
    def order_by(self, value) -> None:
        names = value.split(",") if isinstance(value, str) else (value or ())
        kept = [name for name in names if name.removeprefix("-") in self.columns]
        tables.Table.order_by.fset(self, kept)

    def paginate(self, *args, per_page: int | None = None, **kwargs) -> None:
        """Paginate as django-tables2 does, with ``per_page`` kept within bounds."""
        if per_page is not None and not 1 <= per_page <= MAX_PER_PAGE:
            per_page = None
        super().paginate(*args, per_page=per_page, **kwargs)
