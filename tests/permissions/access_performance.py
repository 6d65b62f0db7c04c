"""The performance app's part of the permission table for How we compare; see access.py for
what each cell means.

The matrix's KPI (CLA-DENTAL) is linked to DfE's dental checks, with England's and two
councils' published figures: everyone who may see the scorecard sees How we compare (young
people included, as cpboard.roles gives them the scorecard); only the performance lead and
the administrator load DfE's files.

Aligned by hand like the main table (ruff's formatter is off for it)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.benchmarks.importer import import_dfe_file
from performance.benchmarks.models import DfeFigure
from tests.permissions.access import LOGIN, NO, OK, Access, Demo

HEALTH = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,la_name,new_la_code,characteristic,breakdown,children_count,"
    "children_percent\n"
)
DENTAL = "Health assessments: Children looked after all ages,Had their teeth checked by a dentist"


def _file(year: int) -> bytes:
    return (
        HEALTH
        + f"{year},Reporting year,National,E92000001,England,,,,,,{DENTAL},40000,81\n"
        + f"{year},Reporting year,Local authority,E92000001,England,E12000008,South East,887,"
        f"Medway,E06000035,{DENTAL},300,90\n"
        + f"{year},Reporting year,Local authority,E92000001,England,E12000008,South East,886,"
        f"Kent,E10000016,{DENTAL},900,85\n"
    ).encode()


def load(demo: Demo) -> None:
    """Link the matrix's KPI to DfE's dental checks, with 2024-25's published figures."""
    demo.kpi.dfe_measure = "dental_check"
    demo.kpi.save(update_fields=["dfe_measure"])
    import_dfe_file(io.BytesIO(_file(2025)), "la_conviction_health_outcome_cla.csv")


def _next_release(demo: Demo) -> dict:
    return {"file": SimpleUploadedFile("next-release.csv", _file(2026), "text/csv")}


def _figures(demo: Demo) -> dict:
    return {"DfE figures": sorted(DfeFigure.objects.values_list("measure", "year", "area_code"))}


# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    "performance:how-we-compare": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: demo.kpi.title,
    ),
    "performance:load-dfe": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        OK,        NO,        NO,        OK),
        sentinel=lambda demo: "Load DfE statistics",
        payload=_next_release,
        state=_figures,
        redirects_to=lambda demo: reverse("performance:load-dfe"),
    ),
}
# fmt: on
