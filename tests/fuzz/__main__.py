"""The documented fuzz run, with its figures::

    nice -n 19 python -m tests.fuzz --documents 100000 --spreadsheets 20000 --seed 1

Prints what was checked, how long it took and the peak memory; on the first
promise that does not hold, saves the input that breaks it and exits 1.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from tests.fuzz.harness import Broken, run


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--spreadsheets", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="number of the first case")
    parser.add_argument("--save", type=Path, default=Path("fuzz-failure.bin"))
    args = parser.parse_args()
    started = time.perf_counter()

    def progress(what: str) -> None:
        print(f"  {time.perf_counter() - started:7.0f} s  {what}", flush=True)

    try:
        tally = run(
            documents=args.documents,
            spreadsheets=args.spreadsheets,
            seed=args.seed,
            start=args.start,
            progress=progress,
        )
    except Broken as broken:
        data = broken.data if isinstance(broken.data, bytes) else broken.data.encode()
        args.save.write_bytes(data)
        print(f"BROKEN {broken} (input saved to {args.save})", flush=True)
        return 1
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"seed {args.seed}, cases {args.start} on: nothing found in {elapsed:.0f} s")
    print(
        f"documents: {tally.documents} ({tally.loaded} loaded, {tally.refused} refused with LoadError)"
    )
    print(
        f"spreadsheets: {tally.spreadsheets} {tally.by_format} ({tally.imported} imported, "
        f"{tally.rejected} refused with LoadError, of which {tally.cuts_refused} cut files); "
        f"slowest import {tally.slowest_import:.2f} s"
    )
    print(f"peak resident memory: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
