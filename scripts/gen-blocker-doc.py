#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Regenerates docs/blockers.md from the blocker table in src/diagnose.c.
import re
import sys

src = open(sys.argv[1] if len(sys.argv) > 1 else "src/diagnose.c").read()
tab = src[src.index("blocker_info[BLOCKER__COUNT] = {"):]
tab = tab[: tab.index("};")]
rows = re.findall(r'\[BLOCKER_\w+\]\s*=\s*\{"(\w+)",\s*"(R\d+)",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\}', tab)
out = [
    "# Blocker codes",
    "",
    "The `blockers` of a JSON finding are these codes; `explanations` gives each with its rule",
    "(see [rules.md](rules.md): each rule with its kernel or man-page source and the function",
    "that applies it) and a sentence naming the facts of that process. This table is generated",
    "from `src/diagnose.c` (`scripts/gen-blocker-doc.py`); the sentences here are the generic forms.",
    "",
    "| code | rule | meaning |",
    "|---|---|---|",
]
for name, rule, txt in rows:
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', txt))
    out.append("| `%s` | [%s](rules.md) | %s |" % (name, rule, text.replace("|", "\\|")))
sys.stdout.write("\n".join(out) + "\n")
