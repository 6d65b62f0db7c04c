"""Returns and KPIs for the upload tests: a small generated return whose children have
references no other text in the portal could hold, so that a search for them proves where
child-level data went."""

import datetime
import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from performance.judgement import Polarity, Unit
from performance.models import Kpi
from performance.ssda903.generator import generate_return
from performance.ssda903.reader import read_return, to_csv
from tests.factories import SubgroupFactory

LATEST = FinancialQuarter.containing(timezone.localdate()).previous()

LINKED = (
    ("CLA-COUNT", "cla_at_date", Unit.COUNT, Polarity.CONTEXT),
    ("CLA-UASC", "uasc_at_date", Unit.COUNT, Polarity.CONTEXT),
    ("CLA-STAB-3PL", "placements_3_or_more", Unit.PERCENTAGE, Polarity.LOWER),
    ("CLA-DENTAL", "oc2_dental", Unit.PERCENTAGE, Polarity.HIGHER),
    ("CL-EET", "oc3_eet_19_21", Unit.PERCENTAGE, Polarity.HIGHER),
)


def linked_kpis() -> dict[str, Kpi]:
    group = SubgroupFactory()
    return {
        code: Kpi.objects.create(
            code=code,
            title=f"{code} from the return",
            definition="Counted from the SSDA903 return.",
            definition_year=2024,
            unit=unit,
            polarity=polarity,
            subgroup=group,
            ssda903_measure=measure,
        )
        for code, measure, unit, polarity in LINKED
    }


def marked_return(children: int = 40, as_at: datetime.date | None = None) -> dict[str, bytes]:
    """A generated return whose child references are CHQ00001X, CHQ00002X ... and whose
    UPNs are UPNQ.... : strings found nowhere else."""
    as_at = as_at or LATEST.end
    files = generate_return(children=children, as_at=as_at, seed=14)
    found = read_return([(name, io.BytesIO(data)) for name, data in files.items()])
    names: dict[str, str] = {}
    for table in found.tables.values():
        child = table.index("CHILD")
        upn = table.index("UPN") if "UPN" in table.spec.columns else None
        for number, row in enumerate(table.rows):
            row = list(row)
            row[child] = names.setdefault(row[child], f"CHQ{len(names) + 1:05d}X")
            if upn is not None:
                row[upn] = f"UPNQ{len(names):09d}"
            table.rows[number] = tuple(row)
    return {f"{name}.csv": to_csv(table) for name, table in found.tables.items()}


def child_references(files: dict[str, bytes]) -> set[str]:
    text = b"".join(files.values()).decode()
    return {token for token in text.replace("\n", ",").split(",") if token.startswith("CHQ")}


def as_zip(files: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("return.zip", buffer.getvalue(), content_type="application/zip")


def as_uploads(files: dict[str, bytes]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data, content_type="text/csv") for name, data in files.items()]


def figure_value(text: str) -> Decimal:
    return Decimal(text)
