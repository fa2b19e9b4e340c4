#!/usr/bin/env python3
"""Checks the structure of a --timeline FILE.json (Chrome trace-event format).

usage: check.py FILE.json TASKS [--flows-in-slices] [REQUIRED...]
  TASKS     how many tasks (tracks) the run had (0: any)
  REQUIRED  events that must be there, as PH:CAT or PH:CAT:NAME (X:wait:wait: futex)

Every track is named by a thread_name event, its process by a process_name; on
a track the events come in time order and the complete slices ("X") nest, each
inside the one around it; every flow start ("s") has one end ("f") with its id,
name and category, no earlier than the start; with --flows-in-slices, inside a
slice of its track (where a viewer binds it: not so for a task killed asleep).
"""
import bisect
import json
import sys


def fail(msg):
    print("check.py: " + msg)
    sys.exit(1)


def inside(spans, ts):
    """Whether ts is in one of spans, (start, end) pairs in order that do not overlap."""
    i = bisect.bisect_right(spans, (ts, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= ts <= spans[i][1]


def check(path, ntasks, required, strict_flows):
    with open(path, encoding="utf-8") as f:
        trace = json.load(f)
    events = trace["traceEvents"]
    threads, processes = {}, set()
    for e in events:
        if e["ph"] != "M":
            continue
        if e["name"] == "thread_name":
            threads[(e["pid"], e["tid"])] = e["args"]["name"]
        elif e["name"] == "process_name":
            processes.add(e["pid"])
    if ntasks and len(threads) != ntasks:
        fail("%d tracks named, %d tasks expected: %s" % (len(threads), ntasks, sorted(threads.values())))
    for pid, _ in threads:
        if pid not in processes:
            fail("process %d has no name" % pid)

    last_ts, stacks, starts, ends, spans = {}, {}, {}, {}, {}
    for i, e in enumerate(events):
        ph = e["ph"]
        if ph == "M":
            continue
        track = (e["pid"], e["tid"])
        where = "event %d (%s %s on %s)" % (i, ph, e.get("name"), track)
        if track not in threads:
            fail(where + ": no thread_name for its track")
        if not isinstance(e["ts"], (int, float)) or e["ts"] < 0:
            fail(where + ": bad ts")
        ts = round(e["ts"] * 1000)  # in ns: exact sums
        if ts < last_ts.get(track, 0):
            fail(where + ": ts %s before the track's previous %s" % (ts, last_ts[track]))
        last_ts[track] = ts
        if ph == "X":
            dur = round(e["dur"] * 1000)
            if dur < 0:
                fail(where + ": negative dur")
            stack = stacks.setdefault(track, [])
            while stack and stack[-1][1] <= ts and stack[-1][0] < stack[-1][1]:
                stack.pop()  # slices that ended before this one starts
            while stack and stack[-1][1] < ts:
                stack.pop()  # an empty one too
            if stack and ts + dur > stack[-1][1]:
                fail(where + ": [%s, %s] overlaps [%s, %s] without nesting in it"
                     % (ts, ts + dur, stack[-1][0], stack[-1][1]))
            stack.append((ts, ts + dur))
            if not stack[:-1]:  # outermost: what a flow's end can bind to
                spans.setdefault(track, []).append((ts, ts + dur))
        elif ph in ("s", "f"):
            side = starts if ph == "s" else ends
            if e["id"] in side:
                fail(where + ": flow id %s used twice" % e["id"])
            side[e["id"]] = e
        elif ph != "i":
            fail(where + ": unexpected phase")
    for fid, s in starts.items():
        f = ends.get(fid)
        if not f:
            fail("flow %s (%s) has no end" % (fid, s["name"]))
        if (f["name"], f["cat"]) != (s["name"], s["cat"]):
            fail("flow %s: the end's name or category differs from the start's" % fid)
        if f["ts"] < s["ts"]:
            fail("flow %s ends before it starts" % fid)
        if strict_flows and not inside(spans.get((f["pid"], f["tid"]), []), round(f["ts"] * 1000)):
            fail("flow %s (%s) ends outside every slice of its track" % (fid, f["name"]))
    for fid in ends:
        if fid not in starts:
            fail("flow %s ends but never starts" % fid)

    for req in required:
        parts = req.split(":", 2)
        if not any(e["ph"] == parts[0] and e.get("cat") == parts[1] and
                   (len(parts) < 3 or e.get("name") == parts[2]) for e in events):
            fail("no %s event" % req)
    print("%s: %d tracks, %d events, %d flows: ok" % (path, len(threads), len(events), len(starts)))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        fail("usage: check.py FILE.json TASKS [PH:CAT[:NAME]...]")
    args = sys.argv[3:]
    strict = "--flows-in-slices" in args
    check(sys.argv[1], int(sys.argv[2]), [a for a in args if a != "--flows-in-slices"], strict)
