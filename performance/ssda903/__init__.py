"""The SSDA903 return (children looked after): reading the council's files, checking them
with DfE's validation rules, and counting the board's measures from them.

The files are child-level. Nothing in this package writes them to the database: the reader
and the measures work on them in memory, in the worker, and only counts leave (`measures`),
with the files' checksums and row counts and the number of validation errors per rule."""
