#!/usr/bin/env python3
"""The whole-process NumPy baseline of bench/compare (rows g-*): what a researcher would write to run bench/paper-gd.json.

Symmetric sensing at the paper's size (n = 20, r = 3, r' = 20, N = 600, Sigma* = diag(10, 5, 1)), iid N(0, 1)
measurement matrices, GD with step 0.05 from a N(0, 1e-12) start for --steps steps, a trace row (loss, gradient
norm, residual norm, error) every 1000 steps and at the end, then trace.csv, iterate.csv and summary.json in --out:
the same work, files and sizes as `./irlab run bench/paper-gd.json` (its own seeded instance: NumPy cannot replay
Java's SplittableRandom stream; both runs end at losses of the same order, printed in summary.json).

Usage: numpy_paper_gd.py --out DIR [--steps 3000] [--seed 1]
"""
import argparse
import json
import os
import time

import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    start = time.perf_counter()
    n, r, k, N, eta, every = 20, 3, 20, 600, 0.05, 1000
    rng = np.random.default_rng(args.seed)
    U, _ = np.linalg.qr(rng.standard_normal((n, r)))
    M_star = U @ np.diag([10.0, 5.0, 1.0]) @ U.T
    A = rng.standard_normal((N, n * n))
    y = A @ M_star.ravel()
    c = 1.0 / (4 * N)
    X = 1e-6 * rng.standard_normal((n, k))

    def loss_grad(X):
        res = A @ (X @ X.T).ravel() - y
        G = (res @ A).reshape(n, n)
        return c * (res @ res), 2 * c * (G + G.T) @ X

    rows = []
    for t in range(args.steps + 1):
        f, g = loss_grad(X)
        if t % every == 0 or t == args.steps:
            s = np.linalg.svd(X, compute_uv=False)
            rows.append((t, float(f), float(np.linalg.norm(g)), float(np.sqrt(np.sum(s[r:] ** 2))),
                         float(np.linalg.norm(X @ X.T - M_star))))
        if t < args.steps:
            X = X - eta * g
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "trace.csv"), "w") as fh:
        fh.write("iteration,loss,gradNorm,residualNorm,error\n")
        for row in rows:
            fh.write("%d,%r,%r,%r,%r\n" % row)
    np.savetxt(os.path.join(args.out, "iterate.csv"), X, delimiter=",", fmt="%.17g")
    with open(os.path.join(args.out, "summary.json"), "w") as fh:
        json.dump({"iterations": args.steps, "finalLoss": rows[-1][1], "finalError": rows[-1][4],
                   "wallSeconds": time.perf_counter() - start}, fh, indent=2)


if __name__ == "__main__":
    main()
