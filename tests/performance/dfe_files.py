"""Small files in DfE's Explore Education Statistics layout, for the DfE tests, and the
figures worked out by hand from them."""

GEO = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,la_name,new_la_code"
)
STABILITY = f"{GEO},cla_group,placement_stability,children_count,children_percent"
THREE = "CLA on 31 March,With 3 or more placements during the year"
TOTAL = "CLA on 31 March,Total children"
LONG = "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"


def ees(header: str, *rows: str) -> bytes:
    """A file as DfE publishes it: UTF-8 with a byte order mark."""
    return ("\ufeff" + "\n".join([header, *rows]) + "\n").encode("utf-8")


def council(year, region_code, region, code, name, new_code, rest):
    return (
        f"{year},Reporting year,Local authority,E92000001,England,{region_code},{region},"
        f"{code},{name},{new_code},{rest}"
    )


def region(year, code, name, rest):
    return f"{year},Reporting year,Regional,E92000001,England,{code},{name},,,,{rest}"


def england(year, rest):
    return f"{year},Reporting year,National,E92000001,England,,,,,,{rest}"


SE = ("E12000008", "South East")
INNER = ("E13000001", "Inner London")

# 2025 (2024-25): 3+ placements, lower is better. Medway 887 has 14%; ranks by hand:
# 8% (1), 10% (2), 10% (2), 14% (4), 20% (5), 25% (6); Kent's "c" and Surrey's blank are
# left out: N = 6. 887 is 4th of 6: 4*4 = 16 > 6, 4*2 = 8 > 6, 4*4 = 16 <= 18: band C.
STABILITY_FILE = ees(
    STABILITY,
    england(2025, f"{THREE},8500,10"),
    england(2025, f"{TOTAL},81000,100"),
    region(2025, *SE, f"{THREE},1330,12"),
    region(2025, *INNER, f"{THREE},390,11"),
    region(2025, "E12000007", "London", f"{THREE},950,10"),
    council(2025, *SE, "887", "Medway", "E06000035", f"{THREE},70,14"),
    council(2025, *SE, "887", "Medway", "E06000035", f"{TOTAL},495,100"),
    council(2025, *SE, "886", "Kent", "E10000016", f"{THREE},c,c"),
    council(2025, *SE, "936", "Surrey", "E10000030", f"{THREE},,"),
    council(2025, *SE, "867", "Bracknell Forest", "E06000036", f"{THREE},10,10"),
    council(2025, *SE, "868", "Windsor and Maidenhead", "E06000040", f"{THREE},12,10"),
    council(2025, *SE, "869", "West Berkshire", "E06000037", f"{THREE},9,8"),
    council(2025, *INNER, "202", "Camden", "E09000007", f"{THREE},40,20"),
    council(2025, *INNER, "203", "Greenwich", "E09000011", f"{THREE},60,25"),
    # Another breakdown of the same file: long-term stability, higher is better.
    council(
        2025,
        *SE,
        "887",
        "Medway",
        "E06000035",
        f"{LONG},Living with the same carer for at least 2 years,50,61",
    ),
    council(
        2025,
        *SE,
        "867",
        "Bracknell Forest",
        "E06000036",
        f"{LONG},Living with the same carer for at least 2 years,30,61",
    ),
    council(
        2025,
        *SE,
        "868",
        "Windsor and Maidenhead",
        "E06000040",
        f"{LONG},Living with the same carer for at least 2 years,30,70",
    ),
)
NEIGHBOURS_FILE = ees(
    "old_la_code,la_name,region_ind,region_name,"
    + ",".join(f"SN_{n},SN_{n}P" for n in range(1, 11)),
    # Medway's neighbours: Kent (c), Surrey (blank), Bracknell 10, Windsor 10, West Berks 8,
    # Camden 20, and four councils not in the file. With a figure: 10, 10, 8, 20:
    # mean 12, median 10, 4 with data.
    "887,Medway,6,South East,886,Close ,936,Close ,867,Close ,868,Somewhat close,869,"
    "Somewhat close,202,Somewhat close,301,Somewhat close,302,Somewhat close,303,Somewhat "
    "close,304,Somewhat close",
    "202,Camden,3,London,203,Close,887,Close,867,Close,868,Close,869,Close,886,Close,936,"
    "Close,301,Close,302,Close,303,Close",
)
