"""DfE's published statistics: importing EES files, and the comparison worked out by hand
from small files in DfE's layout written here."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from cpboard.quarters import FinancialQuarter
from performance.benchmarks import comparison
from performance.benchmarks.demo import load_demo_statistics
from performance.benchmarks.importer import import_dfe_file
from performance.benchmarks.models import DfeFigure, DfeRelease, StatisticalNeighbour
from performance.benchmarks.selectors import benchmark, comparisons_for
from performance.imports import ImportRefused
from tests.performance.dfe_files import (
    GEO,
    NEIGHBOURS_FILE,
    SE,
    STABILITY,
    STABILITY_FILE,
    THREE,
    council,
    ees,
    england,
)

pytestmark = pytest.mark.django_db


def load(content: bytes, name: str = "la_cla_placement_stability.csv"):
    return import_dfe_file(io.BytesIO(content), name)


@pytest.fixture
def loaded():
    load(STABILITY_FILE)
    load(NEIGHBOURS_FILE, "sn_model_2025_wide.csv")


def by_key(found):
    return {c.measure.key: c for c in found}


def test_comparison_worked_out_by_hand(loaded):
    found = by_key(benchmark("887", 2024))["placements_3_or_more"]

    assert found.own.value == 14
    assert found.england.value == 10
    assert (found.region.name, found.region.value) == ("South East", 12)
    assert found.london is None
    assert (found.neighbours_mean, found.neighbours_median) == (12, 10)
    assert found.neighbours_with_data == 4
    assert [n.name for n in found.neighbours[:3]] == ["Kent", "Surrey", "Bracknell Forest"]
    assert found.neighbours[0].closeness == "Close"
    assert (found.rank, found.of, found.quartile) == (4, 6, "C")
    assert found.rank_words == "4th of 6: third quarter"
    assert found.own.numerator == 70
    assert found.own.denominator == 495


def test_councils_with_the_same_value_share_the_best_rank(loaded):
    ranks = {
        code: by_key(benchmark(code, 2024))["placements_3_or_more"].rank
        for code in ("869", "867", "868", "887", "202", "203")
    }

    assert ranks == {"869": 1, "867": 2, "868": 2, "887": 4, "202": 5, "203": 6}


def test_higher_is_better_ranks_the_other_way(loaded):
    found = by_key(benchmark("868", 2024))["long_term_stability"]

    # 70 beats 61 and 61: 1st of 3; 1 * 4 = 4 > 3 but 1 * 2 = 2 <= 3: band B.
    assert (found.rank, found.of, found.quartile) == (1, 3, "B")
    assert by_key(benchmark("887", 2024))["long_term_stability"].rank == 2


def test_a_london_borough_is_shown_with_its_part_of_london_and_london_beside_it(loaded):
    found = by_key(benchmark("202", 2024))["placements_3_or_more"]

    assert (found.region.name, found.region.value) == ("Inner London", 11)
    assert (found.london.name, found.london.value) == ("London", 10)


def test_symbols_are_kept_never_read_as_zero_and_left_out(loaded):
    kent = DfeFigure.objects.get(measure="placements_3_or_more", area_code="886")
    surrey = DfeFigure.objects.get(measure="placements_3_or_more", area_code="936")

    assert (kent.value, kent.symbol, kent.numerator) == (None, "c", None)
    assert (surrey.value, surrey.symbol) == (None, "blank")
    found = by_key(benchmark("886", 2024))["placements_3_or_more"]
    assert found.rank is None
    assert found.quartile is None
    assert found.own.symbol_meaning == "suppressed to protect confidentiality"


@pytest.mark.parametrize(
    ("rank", "of", "band"),
    [
        (1, 152, "A"),
        (38, 152, "A"),
        (39, 152, "B"),
        (76, 152, "B"),
        (77, 152, "C"),
        (114, 152, "C"),
        (115, 152, "D"),
        (152, 152, "D"),
        (1, 1, "D"),
        (1, 4, "A"),
        (2, 4, "B"),
    ],
)
def test_quartile_bands_by_rank(rank, of, band):
    assert comparison.band(rank, of) == band


def test_rank_in_words():
    assert comparison.rank_words(34, 152, "A") == "34th of 152: top quarter"
    assert [comparison.ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 22, 102, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "102nd",
        "111th",
    ]


def test_context_measures_get_no_rank_and_no_band():
    load(
        ees(
            f"{GEO},population_type,population_estimate,children_count,rate_per_10000",
            england(2025, "Children looked after on 31 March each year,12183016,81770,67"),
            council(
                2025,
                *SE,
                "887",
                "Medway",
                "E06000035",
                "Children looked after on 31 March each year,68774,495,72",
            ),
        ),
        "cla_number_and_rate_per_10k_children.csv",
    )

    found = by_key(benchmark("887", 2024))

    assert found["cla_rate_per_10000"].own.value == 72
    assert found["cla_rate_per_10000"].own.numerator == 495
    assert found["cla_rate_per_10000"].own.denominator == 68774
    assert found["cla_count"].rank is None
    assert found["cla_count"].quartile is None


def test_an_approved_q4_figure_is_ranked_provisionally_before_dfe_publishes(loaded):
    # 2025-26 Q4 figure 9%: among the others' 2024-25 figures (8, 10, 10, 20, 25; Medway's
    # own 14% gives way), 9 is beaten only by 8: 2nd of 6, 2*4 = 8 > 6, 2*2 = 4 <= 6: B.
    found = comparisons_for(
        {1: "placements_3_or_more"},
        quarter=FinancialQuarter(2026, 1),
        approved_q4={1: Decimal("9")},
        la_code="887",
    )[1]

    assert found.provisional
    assert (found.year, found.published_year) == (2025, 2024)
    assert (found.value, found.rank, found.of, found.quartile) == (Decimal("9"), 2, 6, "B")
    assert found.england.value == 10
    assert (found.published.rank, found.published.quartile) == (4, "C")


def test_a_q4_figure_of_a_published_year_is_not_provisional(loaded):
    found = comparisons_for(
        {1: "placements_3_or_more"},
        quarter=FinancialQuarter(2024, 4),
        approved_q4={1: Decimal("9")},
        la_code="887",
    )[1]

    assert not found.provisional
    assert (found.value, found.rank) == (14, 4)


def test_loading_the_same_file_twice_changes_nothing(loaded):
    before = list(DfeFigure.objects.order_by("pk").values())
    releases = DfeRelease.objects.count()

    again = load(STABILITY_FILE)
    neighbours = load(NEIGHBOURS_FILE, "sn_model_2025_wide.csv")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 15)
    assert (neighbours.created, neighbours.updated) == (0, 0)
    assert list(DfeFigure.objects.order_by("pk").values()) == before
    assert DfeRelease.objects.count() == releases
    assert StatisticalNeighbour.objects.count() == 20


def test_a_corrected_figure_is_updated(loaded):
    corrected = STABILITY_FILE.replace(b"70,14", b"71,15")

    result = load(corrected)

    assert (result.created, result.updated) == (0, 1)
    assert DfeFigure.objects.get(measure="placements_3_or_more", area_code="887").value == 15


def test_a_bad_file_saves_nothing_and_names_the_line_and_column():
    bad = ees(
        STABILITY,
        england(2025, f"{THREE},8500,10"),
        council(2025, *SE, "887", "Medway", "E06000035", f"{THREE},70,14"),
        council(2025, *SE, "886", "Kent", "E10000016", f"{THREE},70,fourteen"),
        council(2025, *SE, "88", "Nowhere", "E06000099", f"{THREE},70,14"),
    )

    with pytest.raises(ImportRefused) as refused:
        load(bad)

    assert [str(e) for e in refused.value.errors] == [
        'line 4: Column children_percent: "fourteen" is neither a number nor one of DfE\'s '
        "symbols (c, x, z, k, u, low, or blank).",
        'line 5: Column old_la_code: "88" is not a council\'s three-digit code, as DfE gives '
        "it on every council's row.",
    ]
    assert not DfeFigure.objects.exists()
    assert not DfeRelease.objects.exists()


def test_a_file_that_is_not_dfes_is_refused():
    with pytest.raises(ImportRefused) as refused:
        load(b"code,title\nCLA-1,Children\n", "kpis.csv")

    assert "not a DfE statistics file" in str(refused.value)


def test_a_trust_serving_two_councils_gives_each_its_figure():
    load(
        ees(
            f"{GEO},caseload_fte,cases,case_holders_fte,vacancy_rate_fte,agency_rate_fte,turnover_rate_fte",
            council(
                2025,
                "E13000002",
                "Outer London",
                "314 / 318",
                "Kingston upon Thames / Richmond upon Thames",
                "E09000021 / E09000027",
                "15.2,1000,65.8,10,12,14",
            ),
        ),
        "csww_indicators_2017_to_2025.csv",
    )

    codes = dict(
        DfeFigure.objects.filter(measure="sw_caseload").values_list("area_code", "new_la_code")
    )
    assert codes == {"314": "E09000021", "318": "E09000027"}


def test_import_command_loads_files_and_names_what_it_refused(tmp_path):
    good = tmp_path / "la_cla_placement_stability.csv"
    good.write_bytes(STABILITY_FILE)
    bad = tmp_path / "broken.csv"
    bad.write_bytes(ees(STABILITY, council(2025, *SE, "887", "Medway", "E06", f"{THREE},x1,14")))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match=r"Refused: broken\.csv"):
        call_command("import_dfe_statistics", str(good), str(bad), stdout=out, stderr=err)

    assert "placements_3_or_more" in out.getvalue()
    assert 'line 2: Column children_count: "x1"' in err.getvalue()
    assert DfeFigure.objects.filter(measure="placements_3_or_more").count() == 12


# --- The demo's extract of DfE's real tables -------------------------------------------------


@pytest.fixture
def extract():
    load_demo_statistics()


def benchmark_csv(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("benchmark", *args, "--format", "csv", stdout=out)
    return out.getvalue().splitlines()


def test_benchmark_command_matches_figures_read_from_the_dfe_files(extract):
    # Read by hand from DfE's la_cla_placement_stability.csv, csww_indicators_2017_to_2025.csv
    # and la_care_leavers_activity.csv (2025 rows) and sn_model_2025_wide.csv.
    header = (
        "measure,year,la,value,england,region,neighbours_mean,neighbours_median,"
        "neighbours_with_data,rank,of,quartile"
    )
    assert benchmark_csv(
        "--la", "887", "--year", "2024-25", "--measure", "placements_3_or_more"
    ) == [
        header,
        "placements_3_or_more,2024-25,887,14,10,12,8.8,9.5,10,133,151,D",
    ]
    assert (
        benchmark_csv("--la", "302", "--year", "2024-25", "--measure", "long_term_stability")[1]
        == "long_term_stability,2024-25,302,63,69,68,70.2,67,10,112,150,C"
    )
    # Birmingham by its new code; Kingston's workforce figures are its trust's, shared
    # with Richmond.
    assert (
        benchmark_csv("--la", "E08000025", "--year", "2024-25", "--measure", "sw_caseload")[1]
        == "sw_caseload,2024-25,330,15.2,15.2,15.3,15.96,15.25,10,73,151,B"
    )
    assert (
        benchmark_csv("--la", "314", "--year", "2024-25", "--measure", "care_leavers_19_21_eet")[1]
        == "care_leavers_19_21_eet,2024-25,314,51,54,55,58.8,56.5,10,97,152,C"
    )


def test_benchmark_command_leaves_rank_blank_for_context_and_prints_symbols(extract):
    rows = benchmark_csv("--la", "887", "--year", "2024-25")

    assert rows[1].startswith("cla_rate_per_10000,2024-25,887,72,67,55,")
    assert rows[1].endswith(",10,,,")
    # Medway's key stage 4 grade 4 figure for children looked after is suppressed.
    ks4 = next(row for row in rows if row.startswith("ks4_english_maths_4,"))
    assert ks4.split(",")[3] == "27"
    # The header and the 23 measures DfE published for 2024-25 (school moves and social
    # workers per child stop at 2023-24).
    assert len(rows) == 24


def test_benchmark_command_refuses_an_unknown_measure_or_council(extract):
    with pytest.raises(CommandError, match="Not in the DfE catalogue"):
        call_command("benchmark", "--la", "887", "--year", "2024-25", "--measure", "nope")
    with pytest.raises(CommandError, match="No council with the code E99"):
        call_command("benchmark", "--la", "E99", "--year", "2024-25")


def test_loading_the_demo_extract_again_changes_nothing(extract):
    result = load_demo_statistics()

    assert (result.created, result.updated) == (0, 0)
