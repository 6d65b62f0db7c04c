"""The files of the SSDA903 return as DfE specifies them: their names, columns and dates."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    name: str
    """DfE's name for the file, without .csv: "episodes"."""
    validator_name: str
    """What csc-validator-be-903 (lac_validator) calls the table: "Episodes"."""
    columns: tuple[str, ...]
    dates: tuple[str, ...]
    """Columns that hold a date, written dd/mm/yyyy; a bad one refuses the file."""
    required: bool = False


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "header",
        "Header",
        ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
        ("DOB", "MC_DOB"),
        required=True,
    ),
    TableSpec(
        "episodes",
        "Episodes",
        (
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ),
        ("DECOM", "DEC"),
        required=True,
    ),
    TableSpec("uasc", "UASC", ("CHILD", "SEX", "DOB", "DUC"), ("DOB", "DUC")),
    TableSpec(
        "oc2",
        "OC2",
        (
            "CHILD",
            "DOB",
            "SDQ_SCORE",
            "SDQ_REASON",
            "CONVICTED",
            "HEALTH_CHECK",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ),
        ("DOB",),
    ),
    TableSpec("oc3", "OC3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), ("DOB",)),
    TableSpec(
        "ad1",
        "AD1",
        (
            "CHILD",
            "DOB",
            "DATE_INT",
            "DATE_MATCH",
            "FOSTER_CARE",
            "NB_ADOPTR",
            "SEX_ADOPTR",
            "LS_ADOPTR",
        ),
        ("DOB", "DATE_INT", "DATE_MATCH"),
    ),
    TableSpec(
        "placed_for_adoption",
        "PlacedAdoption",
        ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        ("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"),
    ),
    TableSpec(
        "missing",
        "Missing",
        ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
        ("DOB", "MIS_START", "MIS_END"),
    ),
    TableSpec("reviews", "Reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), ("DOB", "REVIEW")),
    # DATE_PERM may be partly unknown in DfE's guidance ("zz/zz/2015"): DfE's rules check it.
    TableSpec(
        "previous_permanence",
        "PrevPerm",
        ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
        ("DOB",),
    ),
    TableSpec(
        "sw_episodes",
        "SWEpisodes",
        ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
        ("DOB", "SW_DECOM", "SW_DEC"),
    ),
)

TABLES_BY_NAME: dict[str, TableSpec] = {spec.name: spec for spec in TABLES}
