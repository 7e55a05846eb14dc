#!/usr/bin/env python3
"""Generate a synthetic table of any size on a Dask cluster.

Every row of a ganforge sample depends only on the model, the seed and the row's own random
stream, so a table of N rows splits into S independent shards with no shuffle: task K runs

    ganforge sample MODEL -n N --seed SEED --shard K/S -o OUT/part-0000K.parquet

and the S files form a Parquet dataset (read it with pandas/pyarrow/Spark/DuckDB as one table)
whose rows, in part order, are exactly the rows `ganforge sample MODEL -n N --seed SEED` writes in
one process. Dask schedules the tasks: on an existing cluster (--scheduler tcp://host:8786) or a
LocalCluster started here. Each worker needs `ganforge` (Node 20+) and the model folder at the same
path (a shared file system), and the output folder must be writable from the workers.

Needs only Debian's python3-distributed (and its dask); pandas or pyarrow are not needed to write.

usage: generate.py --model DIR --rows N --partitions S --out DIR [--scheduler ADDR]
                   [--seed S] [--ganforge "CMD"] [--local-workers W]
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time


def sample_shard(ganforge, model, rows, seed, k, s, out):
    """One task: shard k of s, written by ganforge itself; returns its JSON summary."""
    path = os.path.join(out, f"part-{k:05d}.parquet")
    cmd = ganforge + ["sample", model, "-n", str(rows), "--seed", str(seed), "--shard", f"{k}/{s}", "-o", path, "--json", "-q"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"shard {k}/{s} failed ({r.returncode}): {r.stderr.strip()}")
    return json.loads(r.stdout)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="a ganforge table model folder (same path on every worker)")
    p.add_argument("--rows", required=True, type=int, help="rows of the whole table")
    p.add_argument("--partitions", required=True, type=int, help="shards = tasks = Parquet parts")
    p.add_argument("--out", required=True, help="output folder for part-*.parquet")
    p.add_argument("--scheduler", help="address of a running Dask scheduler (default: start a LocalCluster)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ganforge", default=os.environ.get("GANFORGE", "ganforge"), help='the command that runs ganforge (default: $GANFORGE or "ganforge")')
    p.add_argument("--local-workers", type=int, default=os.cpu_count() or 1, help="LocalCluster workers (one task each at a time)")
    a = p.parse_args(argv)
    if a.rows < 1 or a.partitions < 1:
        p.error("--rows and --partitions must be at least 1")
    ganforge = shlex.split(a.ganforge)
    if shutil.which(ganforge[0]) is None:
        p.error(f"cannot find {ganforge[0]!r}: give --ganforge 'node /path/to/ganforge/dist/cli/main.js' or put ganforge on PATH")

    from dask.distributed import Client, LocalCluster  # imported late so --help works without Dask

    model, out = os.path.abspath(a.model), os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    stale = [f for f in os.listdir(out) if f.startswith("part-") and f.endswith(".parquet")]
    for f in stale:
        os.remove(os.path.join(out, f))
    if a.scheduler:
        client = Client(a.scheduler)
        cluster = None
    else:
        # Threads are enough: each task waits on its own ganforge process.
        cluster = LocalCluster(n_workers=a.local_workers, threads_per_worker=1, processes=False, dashboard_address=None)
        client = Client(cluster)
    try:
        t0 = time.time()
        futures = client.map(sample_shard, [ganforge] * a.partitions, [model] * a.partitions, [a.rows] * a.partitions,
                             [a.seed] * a.partitions, range(a.partitions), [a.partitions] * a.partitions, [out] * a.partitions, pure=False)
        parts = client.gather(futures)
        secs = time.time() - t0
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    rows = sum(r["rows"] for r in parts)
    if rows != a.rows:
        sys.exit(f"wrote {rows} rows, expected {a.rows}")
    workers = "LocalCluster of %d" % a.local_workers if cluster is not None else a.scheduler
    print(json.dumps({"out": out, "rows": rows, "partitions": a.partitions, "seconds": round(secs, 3), "rows_per_second": round(rows / max(secs, 1e-9)), "scheduler": workers}))


if __name__ == "__main__":
    main()
