#!/usr/bin/env python3
"""Reads the steps of the app's start from inside its page, as the page marks them.

    tauri-driver --port 4455 --native-port 4456 &     # under Xvfb, DISPLAY set
    python3 scripts/bench-desktop/marks.py target/release/koogallery-desktop [LAUNCHES]

Each launch is a WebDriver session of the app (KG_DB from the environment picks the store). After
2.5 s it prints when the page began to load, counted from the launch of the app's process, and
then, in milliseconds from that moment, the navigation's own points and the page's marks
(`kg-evaluated`, `kg-prepared`, `kg-mounted`, `kg-shown`, and `kg-pictures-decoded` where the
page has a size before its window is shown: ui/src/main.ts
and ui/src/lib/startup/firstScreen.ts). Any Tauri app can be read: the hello world has the
navigation's points and no marks.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request

DRIVER = "http://127.0.0.1:4455"
SCRIPT = """
const nav = performance.getEntriesByType('navigation')[0];
return JSON.stringify({origin: performance.timeOrigin,
  nav: nav ? {responseEnd: nav.responseEnd, domInteractive: nav.domInteractive,
              domContentLoaded: nav.domContentLoadedEventEnd} : {},
  marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])});
"""


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(DRIVER + path, method=method, data=data,
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def started_at(app):
    """When the newest process of `app` started, in seconds since the epoch (10 ms steps)."""
    pids = subprocess.run(["pgrep", "-n", "-f", app], capture_output=True, text=True).stdout.split()
    if not pids:
        return None
    boot = next(int(line.split()[1]) for line in open("/proc/stat") if line.startswith("btime"))
    ticks = int(open(f"/proc/{pids[0]}/stat").read().rsplit(") ", 1)[1].split()[19])
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def main():
    app = os.path.abspath(sys.argv[1])
    launches = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    for _ in range(launches):
        session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"tauri:options": {"application": app}}}})
        sid = session["value"]["sessionId"]
        time.sleep(2.5)
        page = json.loads(call("POST", f"/session/{sid}/execute/sync", {"script": SCRIPT, "args": []})["value"])
        began = started_at(app)
        call("DELETE", f"/session/{sid}")
        line = f"page loading {page['origin'] / 1000 - began:.3f} s after launch; " if began else ""
        line += " ".join(f"{name}={at:.0f}" for name, at in list(page["nav"].items()) + page["marks"])
        print(line, flush=True)
        time.sleep(1)


if __name__ == "__main__":
    main()
