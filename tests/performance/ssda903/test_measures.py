"""Each measure counted on returns built by hand, where its definition's edges show."""

import datetime
from decimal import Decimal

from performance.ssda903.measures import MEASURES, compute_measures, window_ending
from tests.performance.ssda903.builders import build, episode

AS_AT = datetime.date(2025, 3, 31)


def measures(found, **kwargs) -> dict:
    return {r.code: r for r in compute_measures(found, AS_AT, **kwargs)}


def test_the_window_starts_the_day_after_the_same_date_a_year_earlier():
    assert window_ending(AS_AT).start == datetime.date(2024, 4, 1)
    assert window_ending(datetime.date(2024, 2, 29)).start == datetime.date(2023, 3, 1)


def test_children_in_care_on_the_date_leave_out_an_episode_ending_on_it_and_short_breaks():
    found = build(
        episodes=[
            episode("A", "01/01/2024", "S"),  # open
            episode("B", "01/01/2024", "S", "31/03/2025", "E4A"),  # ends on the date: not open
            episode("C", "01/02/2025", "S", ls="V3"),  # short break
            episode("D", "31/03/2025", "S"),  # starts on the date: open
            episode("E", "01/01/2024", "S", "01/04/2025", "E4A"),  # ends after the date: open
        ]
    )
    result = measures(found)
    assert result["cla_at_date"].value == 3
    assert result["cla_at_date"].denominator is None
    # B ceased on the as-at date, inside the window; C's short break is not counted anywhere.
    assert result["cla_ceased"].numerator == 1
    assert result["cla_started"].numerator == 1  # D only: A, B, E started before the window


def test_started_and_ceased_count_children_not_episodes_and_x1_is_not_an_ending():
    found = build(
        episodes=[
            # A second period of care in the window: started twice, still one child.
            episode("A", "01/05/2024", "S", "01/06/2024", "E4A"),
            episode("A", "01/09/2024", "S", "01/10/2024", "X1"),
            episode("A", "01/10/2024", "P"),
            # The window's first day is in it; the day before is not.
            episode("B", "01/04/2024", "S"),
            episode("C", "31/03/2024", "S", "31/03/2024", "E13"),
        ]
    )
    result = measures(found)
    assert result["cla_started"].numerator == 2  # A and B
    assert result["cla_ceased"].numerator == 1  # A's E4A; its X1 is a change, C is before


def test_adopted_counts_e11_and_e12_in_the_window_with_the_average_days_to_adopters():
    found = build(
        episodes=[
            episode("A", "01/01/2023", "S", "01/03/2024", "X1", ls="C2", place="U1"),
            episode("A", "01/03/2024", "P", "01/02/2025", "E11", ls="E1", place="A4"),
            episode("B", "01/06/2024", "S", "01/12/2024", "X1", place="U3"),
            episode("B", "01/12/2024", "L", "01/03/2025", "E12", ls="E1", place="U3"),
            episode("C", "01/01/2023", "S", "01/02/2024", "E11", place="A3"),  # before
        ]
    )
    result = measures(found)
    assert result["adopted"].numerator == 2
    a1 = result["adoption_days_a1"]
    # A: 1 Jan 2023 to 1 Mar 2024 (placed with adopters) = 425 days; B: no adoptive
    # placement recorded, so the adoption episode's start: 1 Jun to 1 Dec 2024 = 183 days.
    assert (a1.numerator, a1.denominator, a1.value) == (608, 2, Decimal("304.0"))


def test_uasc_counts_children_in_care_whose_duc_is_blank_or_after_the_date():
    found = build(
        episodes=[episode(c, "01/01/2024", "S") for c in ("A", "B", "C")]
        + [episode("D", "01/01/2024", "S", "01/02/2025", "E4A")],
        uasc=[
            "A,M,01/01/2008,",
            "B,M,31/03/2007,31/03/2025",  # DUC on the date: no longer UASC
            "C,M,01/04/2007,01/04/2025",  # DUC the day after
            "D,M,01/01/2008,",  # not in care on the date
        ],
    )
    assert measures(found)["uasc_at_date"].numerator == 2


def test_placements_count_an_l_change_only_when_it_is_the_first_in_the_window():
    found = build(
        episodes=[
            # A: 3 placements (S, P, P): counted.
            episode("A", "01/05/2024", "S", "01/06/2024", "X1"),
            episode("A", "01/06/2024", "P", "01/07/2024", "X1"),
            episode("A", "01/07/2024", "P"),
            # B: S, L, P: the L change is not a placement, so 2.
            episode("B", "01/05/2024", "S", "01/06/2024", "X1"),
            episode("B", "01/06/2024", "L", "01/07/2024", "X1"),
            episode("B", "01/07/2024", "P"),
            # C: its first episode in the window is an L change, so it counts: 3.
            episode("C", "01/01/2023", "S", "01/02/2024", "X1"),
            episode("C", "01/02/2024", "L", "01/06/2024", "X1"),
            episode("C", "01/06/2024", "P", "01/08/2024", "X1"),
            episode("C", "01/08/2024", "P"),
            # D: an episode ending on the window's first day does not overlap it: 2.
            episode("D", "01/01/2024", "S", "01/04/2024", "X1"),
            episode("D", "01/04/2024", "P", "01/05/2024", "X1"),
            episode("D", "01/05/2024", "P"),
            # E: 3 placements but left care in the window: not in the denominator.
            episode("E", "01/05/2024", "S", "01/06/2024", "X1"),
            episode("E", "01/06/2024", "P", "01/07/2024", "X1"),
            episode("E", "01/07/2024", "P", "01/08/2024", "E4A"),
            # F: a short break between placements is not a placement.
            episode("F", "01/05/2024", "S", "01/06/2024", "X1"),
            episode("F", "01/06/2024", "P", "01/07/2024", "X1", ls="V3"),
            episode("F", "01/07/2024", "P"),
        ]
    )
    stability = measures(found)["placements_3_or_more"]
    assert (stability.numerator, stability.denominator) == (2, 5)  # A and C, of A B C D F
    assert stability.value == Decimal("40.0")


OC2 = "{child},01/01/2012,,SDQ1,0,,{imm},{teeth},{health},0,,"


def test_health_measures_share_the_oc2_rows_with_1():
    found = build(
        episodes=[episode("A", "01/01/2020", "S")],
        oc2=[
            OC2.format(child="A", imm=1, teeth=1, health=1),
            OC2.format(child="B", imm=0, teeth=1, health=1),
            OC2.format(child="C", imm=0, teeth=0, health=1),
        ],
    )
    result = measures(found)
    assert (
        result["oc2_health_assessment"].numerator,
        result["oc2_health_assessment"].denominator,
    ) == (3, 3)
    assert result["oc2_dental"].value == Decimal("66.7")  # 2 of 3, rounded half up
    assert result["oc2_immunisations"].value == Decimal("33.3")


def test_care_leavers_are_those_aged_19_to_21_on_the_date_who_have_not_died():
    found = build(
        episodes=[episode("A", "01/01/2020", "S")],
        oc3=[
            "A,31/03/2006,YES,F1,B1",  # 19 on the date
            "B,01/04/2003,YES,G4,B2",  # 21 (22 tomorrow)
            "C,31/03/2003,YES,F2,C1",  # turned 22 on the date: out
            "D,01/04/2006,YES,F1,B1",  # 18: out
            "E,01/01/2005,DIED,0,0",  # died: out
            "F,01/01/2005,NO,P5,Z2",
        ],
    )
    result = measures(found)
    assert result["oc3_in_touch_19_21"].denominator == 3
    assert result["oc3_in_touch_19_21"].numerator == 2
    assert result["oc3_eet_19_21"].numerator == 2  # F1 and P5
    assert result["oc3_suitable_accommodation_19_21"].numerator == 1  # B1 only


def test_missing_counts_m_episodes_starting_in_the_window_and_their_children():
    found = build(
        episodes=[episode("A", "01/01/2020", "S")],
        missing=[
            "A,01/01/2010,M,01/05/2024,02/05/2024",
            "A,01/01/2010,M,01/06/2024,02/06/2024",
            "B,01/01/2010,A,01/06/2024,02/06/2024",  # away without authorisation
            "C,01/01/2010,M,31/03/2024,01/04/2024",  # started before the window
        ],
    )
    result = measures(found)
    assert result["missing_episodes"].numerator == 2
    assert result["children_missing"].numerator == 1


def test_rate_per_10000_needs_the_population():
    found = build(episodes=[episode(c, "01/01/2024", "S") for c in "ABC"])
    assert "cla_rate_10000" not in measures(found)
    rate = measures(found, population=4000)["cla_rate_10000"]
    assert (rate.numerator, rate.denominator, rate.value) == (3, 4000, Decimal("7.5"))


def test_social_worker_changes_count_changes_of_worker_in_the_window():
    found = build(
        episodes=[episode(c, "01/01/2023", "S") for c in "ABC"],
        sw_episodes=[
            "A,01/01/2012,SW1,01/01/2023,01/05/2024,LEFTROLE",
            "A,01/01/2012,SW2,02/05/2024,01/08/2024,MANAGE",
            "A,01/01/2012,SW3,02/08/2024,,",  # two changes in the window
            "B,01/01/2012,SW1,01/01/2023,01/05/2024,OTHER",
            "B,01/01/2012,SW1,02/05/2024,,",  # same worker again: no change
            "C,01/01/2012,SW4,01/01/2023,,",
        ],
    )
    changes = measures(found)["sw_changes_2_or_more"]
    assert (changes.numerator, changes.denominator) == (1, 3)


def test_every_measure_has_a_definition_and_a_dfe_reference():
    assert len({m.code for m in MEASURES}) == len(MEASURES)
    for measure in MEASURES:
        assert measure.definition.endswith(".")
        assert measure.reference


def test_a_percentage_without_children_to_count_is_left_out():
    found = build(episodes=[episode("A", "01/01/2024", "S")], oc2=[])
    result = measures(found)
    assert "oc2_dental" not in result
    assert "oc3_eet_19_21" not in result
