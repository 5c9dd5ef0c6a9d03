#!/usr/bin/env python3
"""Paired timing of `patchbay package` against the sf CLI's
`sf project convert source` on the same generated project.

Runs the commands in alternation (A B C, A B C, ...) so that both see the
same machine load, and prints, per command, the median and quartiles of
wall time and of CPU time (user + system, from the children's rusage),
then the ratios of the medians. Figures go in docs/performance.md.

usage: scripts/package-vs-sf.py SPEC.yaml ROUNDS PATCHBAY [PATCHBAY_BEFORE]
The sf CLI and its Node 22 are taken from tools/salesforce/node_modules/.bin.
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd, cwd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def quartiles(xs):
    q = statistics.quantiles(xs, n=4)
    return q[0], statistics.median(xs), q[2]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    spec, rounds, patchbay = os.path.abspath(sys.argv[1]), int(sys.argv[2]), os.path.abspath(sys.argv[3])
    before = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
    tools = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "salesforce", "node_modules", ".bin")
    env = dict(os.environ, PATH=os.path.abspath(tools) + os.pathsep + os.environ["PATH"],
               SF_DISABLE_TELEMETRY="true", SF_AUTOUPDATE_DISABLE="true", SF_SKIP_NEW_VERSION_CHECK="true")
    work = tempfile.mkdtemp(prefix="package-vs-sf-")
    proj = os.path.join(work, "proj")
    subprocess.run([patchbay, "generate", spec, "-o", proj], check=True, stdout=subprocess.DEVNULL)
    mdout = os.path.join(work, "mdout")
    cmds = [("patchbay package", [patchbay, "package", spec, "-o", os.path.join(work, "a.zip")])]
    if before:
        cmds.append(("patchbay package (before)", [before, "package", spec, "-o", os.path.join(work, "b.zip")]))
    cmds.append(("sf project convert source", ["sf", "project", "convert", "source", "-r", "force-app", "-d", mdout]))
    results = {name: ([], []) for name, _ in cmds}
    for i in range(rounds + 1):  # round 0 warms caches and is not counted
        for name, cmd in cmds:
            shutil.rmtree(mdout, ignore_errors=True)
            wall, cpu = run(cmd, proj, env)
            if i > 0:
                results[name][0].append(wall)
                results[name][1].append(cpu)
    print(f"{rounds} rounds, commands alternated; load average before/after in the caller")
    print(f"{'command':32} {'wall p25/p50/p75 (ms)':>28} {'cpu p25/p50/p75 (ms)':>28}")
    for name, (walls, cpus) in results.items():
        w = "/".join(f"{x*1000:.0f}" for x in quartiles(walls))
        c = "/".join(f"{x*1000:.0f}" for x in quartiles(cpus))
        print(f"{name:32} {w:>28} {c:>28}")
    sf = results["sf project convert source"]
    for name, (walls, cpus) in results.items():
        if name.startswith("patchbay"):
            print(f"{name} / sf: wall {statistics.median(walls)/statistics.median(sf[0]):.3f}x, "
                  f"cpu {statistics.median(cpus)/statistics.median(sf[1]):.3f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
