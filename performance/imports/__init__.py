"""Loading quarterly figures and the KPI library from CSV or Excel files, and writing the
library back out so councils can share it.

Both imports check the whole file before saving anything. If any row is wrong nothing is
saved, and ImportRefused lists every problem with the line it is on, so a person can fix the
file and load it again. Line numbers are the row numbers a spreadsheet shows: the header is
line 1 and the first row of data line 2.

The code is split by concern: ``reading`` turns a CSV or XLSX file into rows and reads the
values in them, ``figures`` imports quarterly figures, ``library`` imports and exports the KPI
library, and ``errors`` holds what an import reports back.
"""

from performance.imports.errors import ImportRefused, ImportResult, RowError
from performance.imports.figures import (
    MEASUREMENT_COLUMNS,
    import_measurements,
    import_measurements_file,
)
from performance.imports.library import (
    KPI_COLUMNS,
    export_kpis,
    import_kpis,
    import_kpis_file,
    kpi_library_rows,
)
from performance.imports.reading import MAX_ROWS, TableRow, read_table

__all__ = [
    "KPI_COLUMNS",
    "MAX_ROWS",
    "MEASUREMENT_COLUMNS",
    "ImportRefused",
    "ImportResult",
    "RowError",
    "TableRow",
    "export_kpis",
    "import_kpis",
    "import_kpis_file",
    "import_measurements",
    "import_measurements_file",
    "kpi_library_rows",
    "read_table",
]
