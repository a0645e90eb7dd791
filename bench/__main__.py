"""Run every benchmark module, print one table, exit 1 when a target is missed."""

from __future__ import annotations

import importlib
import sys
import time

from bench.common import Result, print_table, reset_database

MODULES = [
    "scope",
    "evaluation",
    "transformation",
    "imports",
    "open311",
    "feedback_list",
    "portal",
    "surveys",
    "outreach",
]


def main(argv: list[str]) -> int:
    names = argv or MODULES
    unknown = sorted(set(names) - set(MODULES))
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(MODULES)}")
        return 2
    results: list[Result] = []
    started = time.perf_counter()
    for name in names:
        reset_database()  # each benchmark generates its own data
        module = importlib.import_module(f"bench.{name}")
        results.extend(module.run())
    print()
    print_table(results)
    missed = [r.name for r in results if not r.ok]
    print(f"\n{len(results)} figures in {time.perf_counter() - started:.0f} s", end="")
    if missed:
        print(f"; target missed: {', '.join(missed)}")
        return 1
    print("; every target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
