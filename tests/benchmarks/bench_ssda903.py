"""Benchmark: an SSDA903 return read, checked with DfE's rules and counted into the board's
measures, as the upload task does it. Run with:

    .venv/bin/python tests/benchmarks/bench_ssda903.py

Each case runs in a fresh Python process, so that one case's memory does not hide another's,
and prints its time and the process's peak resident memory:

- the fake return of 2,675 children (tests/performance/ssda903/fake_return): read, validated
  and computed, under 10 s and 1 GB;
- the same return's measures alone, once read: under 1 s;
- a generated return of 20,000 children: read, validated and computed, under 30 s; and its
  measures alone.

Nearly all the time is DfE's validator: about two hundred rules, a dozen of which group the
episodes by child with pandas and take seconds each on 20,000 children.

The script exits non-zero when a case is over its limit.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKE_RETURN = ROOT / "tests" / "performance" / "ssda903" / "fake_return" / "fake_return.zip"

CASES = {
    "fake return (2,675 children): read, validate, compute": ("fake", True, 10.0, 1024),
    "fake return (2,675 children): compute alone": ("fake", False, 1.0, 1024),
    "generated return (20,000 children): read, validate, compute": ("generated", True, 30.0, 2048),
    "generated return (20,000 children): compute alone": ("generated", False, 1.0, 2048),
}

CHILD = """
import datetime, io, json, resource, sys, time
import django
django.setup()
from performance.ssda903.generator import generate_return
from performance.ssda903.measures import compute_measures
from performance.ssda903.reader import read_return
from performance.ssda903.validation import _validator, validate

kind, validating = sys.argv[1], sys.argv[2] == "1"
if kind == "fake":
    as_at = datetime.date(2018, 3, 31)
    sources = [("fake_return.zip", open(sys.argv[3], "rb"))]
else:
    as_at = datetime.date(2025, 3, 31)
    files = generate_return(children=20_000, as_at=as_at, seed=903)
    sources = [(name, io.BytesIO(data)) for name, data in files.items()]
_validator()  # the import (pandas, the postcode tables) is the worker's once, not per upload
start = time.perf_counter()
found = read_return(sources)
read = time.perf_counter() - start
errors = None
if validating:
    errors = validate(found, as_at=as_at, la_code="E06000035").error_count
computing = time.perf_counter()
results = compute_measures(found, as_at, population=60_000)
end = time.perf_counter()
print(json.dumps({
    "seconds": (end - start) if validating else (end - computing),
    "read": read,
    "compute": end - computing,
    "errors": errors,
    "measures": len(results),
    "children": found.children(),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cpboard.settings", "PYTHONPATH": str(ROOT)}
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "case.py"
        script.write_text(CHILD)
        for name, (kind, validating, limit_seconds, limit_mb) in CASES.items():
            answer = subprocess.run(
                [sys.executable, str(script), kind, "1" if validating else "0", str(FAKE_RETURN)],
                capture_output=True, text=True, env=env, cwd=ROOT, check=False,
            )  # fmt: skip
            if answer.returncode:
                print(f"{name}: failed\n{answer.stderr[-2000:]}")
                failed = True
                continue
            figures = json.loads(answer.stdout.strip().splitlines()[-1])
            over = figures["seconds"] > limit_seconds or figures["peak_mb"] > limit_mb
            failed |= over
            print(
                f"{name}: {figures['seconds']:.2f} s (limit {limit_seconds:.0f} s; reading "
                f"{figures['read']:.2f} s, measures {figures['compute']:.2f} s), peak "
                f"{figures['peak_mb']:.0f} MB (limit {limit_mb} MB), {figures['children']:,} "
                f"children, {figures['measures']} measures"
                + (
                    f", {figures['errors']:,} validation errors"
                    if figures["errors"] is not None
                    else ""
                )
                + ("  OVER" if over else "")
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
