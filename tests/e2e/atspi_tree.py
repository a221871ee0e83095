#!/usr/bin/python3
"""Prints, as JSON, what the platform accessibility tree (AT-SPI, what Orca reads on Linux) exposes
of one application: [{"role": ..., "name": ..., "states": [...]}] for every node, depth first.

Run with the system Python (it needs python3-gi and gir1.2-atspi-2.0, which a venv does not see):

    /usr/bin/python3 tests/e2e/atspi_tree.py identity-kiosk
"""

import json
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

MAX_NODES = 20000


def walk(node, out, depth=0):
    if node is None or len(out) >= MAX_NODES or depth > 80:
        return
    try:
        states = node.get_state_set()
        out.append({
            "role": node.get_role_name(),
            "name": node.get_name() or "",
            "states": [s.value_nick for s in Atspi.StateType.__enum_values__.values() if states.contains(s)]
            if hasattr(Atspi.StateType, "__enum_values__") else [],
        })
        for i in range(node.get_child_count()):
            walk(node.get_child_at_index(i), out, depth + 1)
    except Exception as e:  # a node that went away while walking
        out.append({"role": "error", "name": str(e), "states": []})


def main():
    wanted = sys.argv[1] if len(sys.argv) > 1 else "identity-kiosk"
    desktop = Atspi.get_desktop(0)
    apps = [desktop.get_child_at_index(i) for i in range(desktop.get_child_count())]
    names = [(a.get_name() or "") for a in apps if a is not None]
    out = []
    for app in apps:
        if app is not None and wanted in (app.get_name() or "").lower():
            walk(app, out)
    print(json.dumps({"apps": names, "nodes": out}, ensure_ascii=False))


if __name__ == "__main__":
    main()
