#!/usr/bin/env python3
"""Lists the app's component functions (#[component]) by length in lines, longest first.

Usage: python3 scripts/component-lengths.py [N]   (default: the 10 longest)
The architecture asks for none over about 120 lines (ARCHITECTURE.md)."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "src"
rows = []
for path in sorted(root.rglob("*.rs")):
    lines = path.read_text().splitlines()
    for i, line in enumerate(lines):
        if line.strip() != "#[component]":
            continue
        j = i + 1
        while j < len(lines) and not re.match(r"\s*(pub(\([a-z]+\))? )?fn ", lines[j]):
            j += 1
        name = re.search(r"fn (\w+)", lines[j]).group(1)
        indent = len(lines[j]) - len(lines[j].lstrip())
        k = j + 1
        while k < len(lines) and lines[k] != " " * indent + "}":
            k += 1
        rows.append((k - j + 1, name, f"{path.relative_to(root.parent)}:{j + 1}"))
rows.sort(reverse=True)
for length, name, where in rows[: int(sys.argv[1]) if len(sys.argv) > 1 else 10]:
    print(f"{length:5d}  {name:28s} {where}")
