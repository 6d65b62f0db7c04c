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
from performance.ssda903 import services as ssda903_services
from performance.ssda903.models import Ssda903Upload
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
    """Link the matrix's KPI to DfE's dental checks, with 2024-25's published figures; and
    an SSDA903 upload by the performance lead, with its summary and its list of errors."""
    demo.kpi.dfe_measure = "dental_check"
    demo.kpi.save(update_fields=["dfe_measure"])
    import_dfe_file(io.BytesIO(_file(2025)), "la_conviction_health_outcome_cla.csv")
    upload = Ssda903Upload.objects.create(
        quarter=demo.approved.quarter,
        as_at=demo.approved.quarter.end,
        uploaded_by=demo.users["performance-lead"],
        run_token="matrix",
        status=Ssda903Upload.Status.DONE,
        step=Ssda903Upload.Step.DONE,
        rule_set="lac2024_25",
        error_count=3,
        rule_errors=[{"code": "101", "message": SSDA903_RULE, "rows": 3}],
    )
    ssda903_services.error_list_path(upload).write_text(f"Child,File\n{SSDA903_CHILD},header\n")
    demo.extra["ssda903_upload"] = upload


SSDA903_RULE = "Matrix: the child's reported sex is not valid."
SSDA903_CHILD = "CHQMATRIX1"
SSDA903_HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nCHQMATRIX2,M,01/01/2012,WBRI,A1,,\n"
SSDA903_EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
    "PL_POST,URN\nCHQMATRIX2,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n"
)


def _ssda903_return(demo: Demo) -> dict:
    return {
        "quarter": str(demo.approved.quarter),
        "files": [
            SimpleUploadedFile("header.csv", SSDA903_HEADER.encode(), "text/csv"),
            SimpleUploadedFile("episodes.csv", SSDA903_EPISODES.encode(), "text/csv"),
        ],
    }


def _ssda903_uploads(demo: Demo) -> dict:
    return {"uploads": sorted(Ssda903Upload.objects.values_list("pk", "quarter"))}


def _upload(demo: Demo) -> dict:
    return {"pk": demo.extra["ssda903_upload"].pk}


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
    # The SSDA903 return is child-level: only those who upload it, the performance lead and
    # the secretary, see uploads; the list of errors only the person who uploaded it.
    "performance:ssda903": Access(
        get=          (LOGIN,     NO,        NO,        OK,        OK,        NO,        NO),
        post=         (LOGIN,     NO,        NO,        OK,        OK,        NO,        NO),
        sentinel=lambda demo: "Compute figures from the SSDA903 return",
        payload=_ssda903_return,
        state=_ssda903_uploads,
        redirects_to=lambda demo: Ssda903Upload.objects.latest("pk").get_absolute_url(),
    ),
    "performance:ssda903-upload": Access(
        get=          (LOGIN,     NO,        NO,        OK,        OK,        NO,        NO),
        kwargs=_upload,
        sentinel=lambda demo: SSDA903_RULE,
    ),
    "performance:ssda903-errors": Access(
        get=          (LOGIN,     NO,        NO,        OK,        NO,        NO,        NO),
        kwargs=_upload,
        sentinel=lambda demo: SSDA903_CHILD,
    ),
    "performance:ssda903-measures": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: "Which DfE definitions these follow",
    ),
}
# fmt: on
