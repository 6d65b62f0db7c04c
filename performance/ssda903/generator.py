"""Synthetic SSDA903 returns for the demo, the tests and the benchmark: believable patterns
(ages, legal statuses, placement moves, a few unaccompanied asylum-seeking children, health
checks, care leavers' activity), the same files from the same seed, about no real child.

    files = generate_return(children=600, as_at=date(2025, 3, 31), seed=903)
    write_return(files, Path("return/"))
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from pathlib import Path

from performance.ssda903.tables import TABLES_BY_NAME

_ETHNIC = (
    ("WBRI", 70), ("WIRI", 1), ("WOTH", 5), ("MWBC", 5), ("MWBA", 2), ("MWAS", 2),
    ("MOTH", 3), ("AIND", 1), ("APKN", 2), ("ABAN", 1), ("AOTH", 1), ("BCRB", 2),
    ("BAFR", 3), ("BOTH", 1), ("OOTH", 1),
)  # fmt: skip
_FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
_ACCOM_SUITABLE = ("B1", "C1", "D1", "E1", "G1", "H1", "K1", "R1", "S1", "T1", "U1", "V1", "W1")
_ACCOM_UNSUITABLE = ("B2", "C2", "D2", "E2", "G2", "K2", "S2", "T2", "U2")
_REVIEW_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
_SW_REASONS = ("MANAGE", "FCONTA", "LEFTROLE", "ORGRESTRUCT", "CHCHAR", "OTHER")
_LEGAL = ("C2", "C2", "C2", "C1", "V2", "J2", "E1")
_POSTCODES = ("ME1 1AA", "ME4 4TR", "ME7 2BX", "ME2 3HQ", "ME8 0SH", "TN9 1PP", "DA1 2XE")


NO_URN = "XXXXXXX"
"""DfE's URN for a placement with no Ofsted-registered setting (SSDA903 specification)."""


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _years_ago(as_at: datetime.date, years: float, rng: random.Random) -> datetime.date:
    return as_at - datetime.timedelta(days=int(years * 365.25) + rng.randint(0, 364))


def _birthday(born: datetime.date, age: int) -> datetime.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return born.replace(year=born.year + age, day=28)


class _Builder:
    def __init__(self, rng: random.Random, as_at: datetime.date):
        self.rng = rng
        self.as_at = as_at
        self.window_start = as_at - datetime.timedelta(days=364)
        self.rows: dict[str, list[list[str]]] = {name: [] for name in TABLES_BY_NAME}
        self.next_id = 100_000
        # From 2024-25 DfE records sex as M, F or U; before, as 1 or 2.
        self.sex_codes = {"1": "M", "2": "F"} if as_at >= datetime.date(2024, 4, 1) else {}

    def sex(self, sex: str) -> str:
        return self.sex_codes.get(sex, sex)

    def child_id(self) -> str:
        self.next_id += self.rng.randint(1, 37)
        return str(self.next_id)

    def header(self, child: str, sex: str, born: datetime.date) -> None:
        rng = self.rng
        upn = f"{rng.choice('ABCDEFGHJKLMNPRT')}{rng.randint(10**11, 10**12 - 1)}"
        mother = ""
        if sex == "2" and self.as_at.year - born.year >= 12:
            mother = "1" if rng.random() < 0.02 else "0"
        ethnic = _pick(rng, _ETHNIC)
        self.rows["header"].append([child, self.sex(sex), _date(born), ethnic, upn, mother, ""])

    def looked_after(self, child: str, sex: str, born: datetime.date, uasc: bool) -> None:
        """A child looked after at some time in the year: their period of care, episodes,
        health, missing episodes, reviews and social workers."""
        rng, as_at = self.rng, self.as_at
        self.header(child, sex, born)
        age = (as_at - born).days / 365.25
        earliest = max(born, as_at - datetime.timedelta(days=int(365.25 * 6)))
        start = earliest + datetime.timedelta(days=rng.randint(0, max((as_at - earliest).days, 0)))
        if uasc:
            start = max(start, as_at - datetime.timedelta(days=900))
        short_breaks = not uasc and rng.random() < 0.03
        legal = "V4" if short_breaks else "V2" if uasc else rng.choice(_LEGAL)
        moves = min(int(rng.expovariate(0.9)), 6)
        days = max((as_at - start).days, 1)
        decoms = sorted(
            {start} | {start + datetime.timedelta(days=rng.randint(1, days)) for _ in range(moves)}
        )
        young = age < 6
        adopted = young and not uasc and not short_breaks and rng.random() < 0.25
        ceases = not adopted and rng.random() < (0.12 if age < 16 else 0.3)
        place = rng.choice(("K2", "H5")) if uasc and age >= 16 else rng.choice(_FOSTER)
        if short_breaks:
            place = "U1"
        episodes = []
        for number, decom in enumerate(decoms):
            rne = "S" if number == 0 else rng.choice(("P", "P", "P", "T", "L", "B"))
            # L and B change the legal status only: the child stays where they are.
            if rne not in ("L", "B") or not number:
                place = rng.choice((*_FOSTER, "K2", "R1")) if not short_breaks else "U1"
            if adopted and number == len(decoms) - 1:
                place = rng.choice(("A3", "A4", "A5", "A6"))
                legal = "E1"
            elif rne in ("L", "T", "B") and legal in ("C1", "V2") and not uasc:
                legal = "C2"
            episodes.append([decom, rne, legal, place])
        rows = []
        for number, (decom, rne, legal, place) in enumerate(episodes):
            last = number == len(episodes) - 1
            dec, rec, reason = None, "", ""
            if not last:
                dec, rec = episodes[number + 1][0], "X1"
                reason = rng.choice(("CARPL", "CLOSE", "ALLEG", "STANDARDS", "APPRR", "CREQB"))
            elif adopted:
                dec = min(as_at, decom + datetime.timedelta(days=rng.randint(90, 300)))
                rec = rng.choice(("E11", "E11", "E12"))
            elif ceases:
                dec = as_at - datetime.timedelta(days=rng.randint(0, 330))
                dec = max(dec, decom + datetime.timedelta(days=1))
                rec = rng.choice(("E4A", "E13", "E41", "E45", "E8", "E17", "E48"))
            cin = "N1" if not uasc else "N7"
            provider = "PR1" if place in _FOSTER else rng.choice(("PR1", "PR4", "PR5"))
            rows.append(
                [
                    child, _date(decom), rne, legal, cin, place, provider, _date(dec), rec,
                    reason, rng.choice(_POSTCODES), rng.choice(_POSTCODES),
                    "SC" + str(rng.randint(10**5, 10**6 - 1)) if place == "K2" else NO_URN,
                ]
            )  # fmt: skip
            if dec and dec > as_at:
                break
        self.rows["episodes"].extend(rows)
        if uasc:
            adult = _birthday(born, 18)
            self.rows["uasc"].append([child, self.sex(sex), _date(born), _date(adult)])
        if start <= as_at - datetime.timedelta(days=365) and not short_breaks:
            self.health(child, born, age)
        if adopted:
            self.adoption(child, born, episodes[-1][0])
        if rng.random() < (0.15 if age >= 12 else 0.02):
            for _ in range(rng.randint(1, 3)):
                started = as_at - datetime.timedelta(days=rng.randint(0, 360))
                ended = min(as_at, started + datetime.timedelta(days=rng.randint(0, 6)))
                kind = "M" if rng.random() < 0.7 else "A"
                self.rows["missing"].append(
                    [child, _date(born), kind, _date(started), _date(ended)]
                )
        review = start + datetime.timedelta(days=20)
        while review <= as_at:
            if review > self.window_start:
                self.rows["reviews"].append(
                    [child, _date(born), _date(review), rng.choice(_REVIEW_CODES)]
                )
            review += datetime.timedelta(days=rng.choice((90, 180, 182)))
        self.rows["previous_permanence"].append([child, _date(born), "Z1", "", ""])
        worker_start = start
        for _ in range(1 + min(int(rng.expovariate(1.1)), 4)):
            worker_end = worker_start + datetime.timedelta(days=rng.randint(60, 500))
            self.rows["sw_episodes"].append(
                [
                    child, _date(born), f"SW{rng.randint(1000, 1099)}", _date(worker_start),
                    _date(worker_end) if worker_end <= as_at else "",
                    rng.choice(_SW_REASONS) if worker_end <= as_at else "",
                ]
            )  # fmt: skip
            if worker_end > as_at:
                break
            worker_start = worker_end + datetime.timedelta(days=1)

    def health(self, child: str, born: datetime.date, age: float) -> None:
        rng = self.rng

        def yes(chance: float) -> str:
            return "1" if rng.random() < chance else "0"

        sdq = str(rng.randint(0, 40)) if 4 <= age < 17 and rng.random() < 0.8 else ""
        self.rows["oc2"].append(
            [
                child, _date(born), sdq, "" if sdq or not 4 <= age < 17 else "SDQ1",
                yes(0.03) if age >= 10 else "0", yes(0.9) if age < 5 else "",
                yes(0.85), yes(0.82), yes(0.9), yes(0.04), "", "",
            ]
        )  # fmt: skip

    def adoption(self, child: str, born: datetime.date, placed: datetime.date) -> None:
        rng = self.rng
        decided = placed - datetime.timedelta(days=rng.randint(60, 240))
        matched = placed - datetime.timedelta(days=rng.randint(7, 50))
        self.rows["placed_for_adoption"].append([child, _date(born), _date(decided), "", ""])
        self.rows["ad1"].append(
            [
                child, _date(born), _date(decided), _date(matched), yes_no(rng, 0.2),
                rng.choice(("1", "2", "2")), rng.choice(("MF", "MF", "MM", "FF", "F1")), "L0",
            ]
        )  # fmt: skip

    def care_leaver(self, child: str, sex: str, born: datetime.date) -> None:
        rng = self.rng
        self.header(child, sex, born)
        in_touch = _pick(rng, (("YES", 88), ("NO", 5), ("REFU", 3), ("NREQ", 2), ("DIED", 1)))
        if in_touch in ("YES", "NREQ"):
            activ = rng.choice(("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"))
            if rng.random() < 0.4:
                activ = rng.choice(("G4", "G5", "G6"))
            accom = rng.choice(_ACCOM_SUITABLE if rng.random() < 0.86 else _ACCOM_UNSUITABLE)
        else:
            activ, accom = "0", "0"
        self.rows["oc3"].append([child, _date(born), in_touch, activ, accom])


def yes_no(rng: random.Random, chance: float) -> str:
    return "1" if rng.random() < chance else "0"


def generate_return(*, children: int, as_at: datetime.date, seed: int = 903) -> dict[str, bytes]:
    """A return for `children` children looked after during the year ending on `as_at` (and
    about a fifth as many care leavers aged 17 to 21), as DfE's CSV files by name
    ("episodes.csv" ...). The same arguments give the same bytes."""
    rng = random.Random(seed)
    builder = _Builder(rng, as_at)
    for _ in range(children):
        uasc = rng.random() < 0.06
        if uasc:
            born = _years_ago(as_at, rng.choice((15, 16, 16, 17)), rng)
            sex = "1" if rng.random() < 0.92 else "2"
        else:
            age = rng.choices(range(18), [6, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7, 8, 8, 9, 9, 7])[0]
            born = _years_ago(as_at, age, rng)
            sex = rng.choice(("1", "2"))
        builder.looked_after(builder.child_id(), sex, born, uasc)
    for _ in range(children // 5):
        born = _years_ago(as_at, rng.choice((17, 18, 19, 19, 20, 20, 21, 21, 22)), rng)
        builder.care_leaver(builder.child_id(), rng.choice(("1", "2")), born)
    files = {}
    for name, rows in builder.rows.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(TABLES_BY_NAME[name].columns)
        writer.writerows(rows)
        files[f"{name}.csv"] = buffer.getvalue().encode("utf-8")
    return files


def write_return(files: dict[str, bytes], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
