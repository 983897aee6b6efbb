#!/usr/bin/env python3
"""Measures desktop apps from outside, as a person at the screen would see them, under Xvfb.

    measure.py startup --display :N --runs 10 NAME=COMMAND [NAME=COMMAND ...]
    measure.py memory  --display :N --idle 8 NAME=COMMAND [NAME=COMMAND ...]

startup: launches each app in turn (alternating, so that both see the same machine), watching
the screen (the X root window, read with XGetImage through libX11) from the launch until it has
not changed for --quiet seconds. "First content" is the first change from the empty screen,
"settled" the last change before the quiet. Then the app is ended with SIGTERM and its
processes waited for. Prints the median and p95 of each.

memory: launches each app, waits for it to settle and then --idle seconds more, and sums the
proportional set size (PSS, /proc/PID/smaps_rollup) of the app and every process it started
(WebKit's web and network processes).

A COMMAND is split on spaces; environment variables for it come as VAR=VALUE words first
(`product=KG_DB=/tmp/x.db target/release/koogallery-desktop`).
"""

import argparse
import ctypes
import ctypes.util
import hashlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time

# --- The screen ---------------------------------------------------------------------------------


class XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.POINTER(ctypes.c_char)),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


class Screen:
    """The root window of an X display, read whole."""

    ALL_PLANES = 0xFFFFFFFF
    Z_PIXMAP = 2

    def __init__(self, display):
        self.x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XGetImage.restype = ctypes.POINTER(XImage)
        self.x.XGetImage.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
        ]
        self.x.XDestroyImage.argtypes = [ctypes.POINTER(XImage)]
        self.x.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.dpy = self.x.XOpenDisplay(display.encode())
        if not self.dpy:
            sys.exit(f"cannot open the display {display}")
        self.root = self.x.XDefaultRootWindow(self.dpy)
        self.width = self.x.XDisplayWidth(self.dpy, 0)
        self.height = self.x.XDisplayHeight(self.dpy, 0)

    def digest(self):
        image = self.x.XGetImage(
            self.dpy, self.root, 0, 0, self.width, self.height, self.ALL_PLANES, self.Z_PIXMAP
        )
        if not image:
            sys.exit("XGetImage failed on the root window")
        try:
            size = image.contents.bytes_per_line * image.contents.height
            return hashlib.blake2b(ctypes.string_at(image.contents.data, size), digest_size=16).digest()
        finally:
            self.x.XDestroyImage(image)


# --- Processes ----------------------------------------------------------------------------------


def parse_app(text):
    name, _, command = text.partition("=")
    words = command.split()
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith(("/", ".")):
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    return name, words, env


def descendants(pid):
    """The process and everything it started, by walking /proc's parent links."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                parent = int(stat[stat.rindex(")") + 2:].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def stop(proc):
    """SIGTERM to the app, then wait for it and every process it started to be gone."""
    tree = descendants(proc.pid)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    for pid in tree[1:]:
        while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
            time.sleep(0.02)
        if os.path.exists(f"/proc/{pid}"):
            os.kill(pid, signal.SIGKILL)


# --- Watching a launch --------------------------------------------------------------------------


def watch(screen, command, env, quiet, limit):
    """Launches and watches: (first content, settled, the running process)."""
    blank = screen.digest()
    began = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last, first, changed = blank, None, None
    while True:
        now = time.monotonic() - began
        digest = screen.digest()
        if digest != last:
            last, changed = digest, now
            if first is None:
                first = now
        if changed is not None and now - changed >= quiet:
            return first, changed, proc
        if now > limit:
            return first, changed, proc
        if proc.poll() is not None:
            sys.exit(f"{' '.join(command)} ended with {proc.returncode} before it settled")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * p))]


def startup(args):
    screen = Screen(args.display)
    apps = [parse_app(a) for a in args.apps]
    times = {name: {"first": [], "settled": []} for name, _, _ in apps}
    for run in range(args.runs + 1):
        for name, command, env in apps:
            first, settled, proc = watch(screen, command, env, args.quiet, args.limit)
            stop(proc)
            time.sleep(0.5)
            if run == 0:
                continue  # A first launch warms the disk cache: not counted.
            times[name]["first"].append(first)
            times[name]["settled"].append(settled)
    result = {}
    for name, t in times.items():
        result[name] = {
            kind: {
                "median": statistics.median(values),
                "p95": percentile(values, 0.95),
                "runs": [round(v, 3) for v in values],
            }
            for kind, values in t.items()
        }
    print(json.dumps(result, indent=2))


def memory(args):
    screen = Screen(args.display)
    result = {}
    for name, command, env in (parse_app(a) for a in args.apps):
        _, _, proc = watch(screen, command, env, args.quiet, args.limit)
        time.sleep(args.idle)
        tree = descendants(proc.pid)
        processes = {f"{process_name(p)}[{p}]": pss_kib(p) for p in tree}
        result[name] = {"pss_mib": round(sum(processes.values()) / 1024, 1), "processes": processes}
        stop(proc)
        time.sleep(0.5)
    print(json.dumps(result, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["startup", "memory"])
    parser.add_argument("--display", default=os.environ.get("DISPLAY", ":0"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--idle", type=float, default=8.0)
    parser.add_argument("--quiet", type=float, default=1.5, help="seconds without change that mean settled")
    parser.add_argument("--limit", type=float, default=30.0, help="give up watching after this long")
    parser.add_argument("apps", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args()
    {"startup": startup, "memory": memory}[args.what](args)


if __name__ == "__main__":
    main()
