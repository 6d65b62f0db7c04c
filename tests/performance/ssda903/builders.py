"""Small SSDA903 returns written by hand for the tests: each file as DfE's CSV."""

import io

from performance.ssda903.reader import Ssda903Return, read_return
from performance.ssda903.tables import TABLES_BY_NAME

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


def episode(child: str, decom: str, rne: str, dec: str = "", rec: str = "", *, ls="C2", place="U1"):
    return f"{child},{decom},{rne},{ls},N1,{place},PR1,{dec},{rec},,,,XXXXXXX"


def csv_file(name: str, rows: list[str]) -> tuple[str, bytes]:
    header = ",".join(TABLES_BY_NAME[name].columns)
    return f"{name}.csv", "\n".join([header, *rows]).encode()


def build(**tables: list[str]) -> Ssda903Return:
    """A return from rows of each file (`episodes=[...]`); a header row for every child named
    in the episodes is added unless `header` is given."""
    if "header" not in tables:
        children = sorted({row.split(",")[0] for row in tables.get("episodes", [])})
        tables["header"] = [f"{child},M,01/01/2010,WBRI,A123456789012,," for child in children]
    tables.setdefault("episodes", [])
    return read_return(
        [(name, io.BytesIO(data)) for name, data in map(lambda t: csv_file(*t), tables.items())]
    )
