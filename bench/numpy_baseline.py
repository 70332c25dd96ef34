#!/usr/bin/env python3
"""The NumPy side of bench/compare: the vectorised NumPy/SciPy a researcher would write for each workload.

Reads the paper-size sensing instance that the IRLab side wrote to --data (so both sides run on the same numbers),
checks its results against IRLab's, times each workload (warm-up, then the median of repeated batches) and prints
one JSON object on stdout. The completion and deviation-rate workloads build their own seeded instances of the same
sizes (scipy.sparse CSR for Omega).

Usage: numpy_baseline.py --data DIR [--only a,b,c,d,triad] [--repeats K] [--quick]
"""
import argparse
import ctypes
import json
import math
import os
import platform
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp

COMPLETION_N, COMPLETION_OBSERVED, SEARCH_RANK, RANK = 20_000, 4_000_000, 20, 3
SINGULAR_VALUES = np.array([10.0, 5.0, 1.0])


# ------------------------------------------------------------------------------------------------ timing

def timed(op, warmup_seconds, batch_seconds, repeats):
    """Median/min/max seconds per call after a warm-up, over `repeats` batches sized to ~batch_seconds."""
    start, calls, single = time.perf_counter(), 0, float("inf")
    while calls < 3 or time.perf_counter() - start < warmup_seconds:
        t0 = time.perf_counter()
        op()
        single = min(single, time.perf_counter() - t0)
        calls += 1
    batch = max(1, int(batch_seconds / max(single, 1e-9)))
    per_op = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(batch):
            op()
        per_op.append((time.perf_counter() - t0) / batch)
    per_op.sort()
    return {"seconds": float(np.median(per_op)), "min": per_op[0], "max": per_op[-1], "repeats": repeats,
            "batch": batch}


def row(rows, ident, name, timing, flops, note, check=None):
    r = {"id": ident, "name": name, "available": True, "flops": flops, "note": note}
    r.update(timing)
    if check is not None:
        r["check"] = check
    rows.append(r)


# ------------------------------------------------------------------------------------------------ BLAS info

def blas_info():
    """Which BLAS kernel and thread count NumPy runs: threadpoolctl when installed, else OpenBLAS via ctypes."""
    info = {"numpy": np.__version__, "scipy": scipy.__version__, "python": platform.python_version(),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE")}
    try:
        import threadpoolctl
        info["threadpools"] = [{k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture",
                                                       "filepath")} for p in threadpoolctl.threadpool_info()]
        info["source"] = "threadpoolctl"
        return info
    except ImportError:
        pass
    pools = []
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and ".so" in line})
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        pool = {"filepath": path}
        for prefix in ("scipy_openblas_", "openblas_"):
            for suffix in ("64_", ""):
                core = getattr(lib, prefix + "get_corename" + suffix, None)
                if core is None:
                    continue
                core.restype = ctypes.c_char_p
                pool["architecture"] = core().decode()
                threads = getattr(lib, prefix + "get_num_threads" + suffix, None)
                if threads is not None:
                    pool["num_threads"] = threads()
                config = getattr(lib, prefix + "get_config" + suffix, None)
                if config is not None:
                    config.restype = ctypes.c_char_p
                    pool["version"] = config().decode()
                break
            if "architecture" in pool:
                break
        pools.append(pool)
    info["threadpools"] = pools
    info["source"] = "OpenBLAS via ctypes (threadpoolctl not installed)"
    return info


# ------------------------------------------------------------------------------------------------ (a), (b)

def load(data, name, shape=None):
    a = np.fromfile(os.path.join(data, name), dtype="<f8")
    return a.reshape(shape) if shape is not None else a


def sensing(data, rows, out, repeats, quick, gradient, descent):
    with open(os.path.join(data, "sensing_meta.json")) as f:
        meta = json.load(f)
    n, k, N, c = meta["n"], meta["searchRank"], meta["measurements"], meta["scale"]
    A = load(data, "sensing_operator.bin", (N, n * n))
    y = load(data, "sensing_observations.bin")

    def value_and_gradient(X):
        M = X @ X.T
        r = A @ M.ravel() - y
        G = (r @ A).reshape(n, n)
        return c * (r @ r), (2 * c) * ((G + G.T) @ X)

    flops = 2.0 * (2 * N * n * n + 2 * n * n * k)
    if gradient:
        X = load(data, "sensing_point.bin", (n, k))
        f, g = value_and_gradient(X)
        g_irlab = load(data, "sensing_gradient.bin", (n, k))
        check = {"lossRelativeDifference": abs(f - meta["loss"]) / abs(meta["loss"]),
                 "gradientRelativeDifference": float(np.linalg.norm(g - g_irlab) / np.linalg.norm(g_irlab))}
        t = timed(lambda: value_and_gradient(X), 0.3 if quick else 1.5, 0.05, repeats)
        row(rows, "a", "sensing gradient (n=20, r'=20, N=600)", t, flops,
            "M = X X^T; r = A vec(M) - y; G = r A; (G + G^T) X", check)
    if descent and "ipgd" in meta:
        s = meta["ipgd"]
        X0 = load(data, "sensing_start.bin", (n, k))
        rng = np.random.default_rng(2)
        result = ipgd_plus(value_and_gradient, X0, s, rng)
        check = {"gradientEvaluations": result["evaluations"], "irlabGradientEvaluations": s["gradientEvaluations"],
                 "perturbations": result["perturbations"], "irlabPerturbations": s["perturbations"],
                 "finalLoss": result["loss"], "irlabFinalLoss": s["finalLoss"],
                 "finalLossRelativeDifference": abs(result["loss"] - s["finalLoss"]) / abs(s["finalLoss"])}
        t = timed(lambda: ipgd_plus(value_and_gradient, X0, s, np.random.default_rng(2)), 0.3 if quick else 1.5, 0.1,
                  max(3, repeats // 2))
        row(rows, "b", "1,000 IPGD+ iterations of (a)", t, flops * result["evaluations"],
            "%d gradient evaluations, %d perturbations" % (result["evaluations"], result["perturbations"]), check)


def uniform_ball(rng, radius, shape):
    v = rng.standard_normal(shape)
    d = v.size
    return v * (radius * rng.random() ** (1.0 / d) / np.linalg.norm(v))


def ipgd_plus(value_and_gradient, x0, s, rng):
    """Algorithm 2 (IPGD, then T' GD steps), line by line as IRLab's PerturbedDescent runs it."""
    eta, G, T, F = s["stepSize"], s["gradientThreshold"], s["escapeSteps"], s["decreaseThreshold"]
    radius, max_iterations, refine = s["radius"], s["maxIterations"], s["refineSteps"]
    x = x0.copy()
    previous = x0.copy()
    candidate = x0.copy()
    t_noise = -T - 1
    candidate_loss = math.nan
    evaluations = perturbations = t = 0
    returned = False
    while True:
        f, g = value_and_gradient(x)
        evaluations += 1
        gn = np.linalg.norm(g)
        if not (math.isfinite(f) and math.isfinite(gn)):
            break
        if gn <= G and t - t_noise > T:
            candidate[...] = x
            candidate_loss = f
            moved = x + uniform_ball(rng, radius, x.shape)
            changed = np.count_nonzero(moved != x)
            x = moved
            perturbations += 1
            t_noise = t
            if changed:
                f, g = value_and_gradient(x)
                evaluations += 1
        if t - t_noise == T and f - candidate_loss >= -F:
            x[...] = candidate
            returned = True
            break
        if t >= max_iterations:
            break
        previous[...] = x
        x -= eta * g
        t += 1
    if returned:
        for _ in range(refine):
            f, g = value_and_gradient(x)
            evaluations += 1
            previous[...] = x
            x -= eta * g
    f, g = value_and_gradient(x)
    evaluations += 1
    return {"x": x, "loss": float(f), "evaluations": evaluations, "perturbations": perturbations}


# ------------------------------------------------------------------------------------------------ (c), (d)

def completion_instance(seed=1):
    """Symmetric Omega with |Omega| = 4e6 (2e6 off-diagonal pairs, both orders), M* = U diag(10,5,1) U^T."""
    rng = np.random.default_rng(seed)
    n, pairs = COMPLETION_N, COMPLETION_OBSERVED // 2
    u, _ = np.linalg.qr(rng.standard_normal((n, RANK)))
    factor = u * np.sqrt(SINGULAR_VALUES)
    chosen = np.empty(0, dtype=np.int64)
    while chosen.size < pairs:
        i = rng.integers(0, n, 2 * pairs)
        j = rng.integers(0, n, 2 * pairs)
        keep = i < j
        chosen = np.unique(np.concatenate([chosen, i[keep] * n + j[keep]]))
    chosen = rng.permutation(chosen)[:pairs]
    i, j = chosen // n, chosen % n
    rows_, cols_ = np.concatenate([i, j]), np.concatenate([j, i])
    pattern = sp.csr_matrix((np.ones(rows_.size), (rows_, cols_)), shape=(n, n))
    pattern.sort_indices()
    coo = pattern.tocoo()
    rows_, cols_ = coo.row.astype(np.int32), coo.col.astype(np.int32)
    observed = np.einsum("ij,ij->i", factor[rows_], factor[cols_])
    return {"n": n, "rows": rows_, "cols": cols_, "observed": observed, "indptr": pattern.indptr,
            "indices": pattern.indices, "truthFactor": factor}


def completion_objective(inst):
    """f(X) = sum over Omega of ((X X^T)_ij - M*_ij)^2; Omega symmetric, so grad = 2 (S + S^T) X = 4 S X."""
    rows_, cols_, observed, n = inst["rows"], inst["cols"], inst["observed"], inst["n"]
    indptr, indices = inst["indptr"], inst["indices"]

    def sparse(values):
        return sp.csr_matrix((values, indices, indptr), shape=(n, n))

    def value_and_gradient(X):
        r = np.einsum("ij,ij->i", X[rows_], X[cols_]) - observed
        return r @ r, 4.0 * (sparse(r) @ X)

    def hessian_vector(X, S, V, gathered=None):
        """HVP at X along V; `gathered` = (X[rows], X[cols]) cached across calls at the same X."""
        xr, xc = gathered if gathered is not None else (X[rows_], X[cols_])
        rd = np.einsum("ij,ij->i", xr, V[cols_]) + np.einsum("ij,ij->i", V[rows_], xc)
        return 4.0 * (sparse(rd) @ X) + 4.0 * (S @ V)

    def residual_matrix(X):
        return sparse(np.einsum("ij,ij->i", X[rows_], X[cols_]) - observed)

    return value_and_gradient, hessian_vector, residual_matrix


def completion(rows, repeats, quick, inst):
    fg, _, _ = completion_objective(inst)
    X = np.random.default_rng(5).standard_normal((inst["n"], SEARCH_RANK)) * 0.01
    t = timed(lambda: fg(X), 0.5 if quick else 2.0, 0.2, max(3, repeats // 3))
    row(rows, "c", "completion gradient (n=20,000, r'=20, |Ω|=4e6)", t, 4.0 * SEARCH_RANK * COMPLETION_OBSERVED,
        "einsum over X[rows], X[cols]; scipy.sparse CSR (shared structure) @ X")


def project_rank(X, r):
    """x# = best rank-r approximation of X (truncated SVD), the projection of the rank <= r region."""
    u, s, vt = np.linalg.svd(X, full_matrices=False)
    return (u[:, :r] * s[:r]) @ vt[:r]


def rates(perp, plus_form, minus_form):
    """r- = -<x,H+x>/|x|^2, r+ = -<x,H-x>/|x|^2, r = r- + 3 r+ (Definition 5)."""
    nrm2 = float(np.sum(perp * perp))
    r_minus, r_plus = -plus_form / nrm2, -minus_form / nrm2
    return {"rate": r_minus + 3 * r_plus, "rateMinus": r_minus, "ratePlus": r_plus}


def deviation_dense(data, rows, repeats, quick):
    with open(os.path.join(data, "sensing_meta.json")) as f:
        meta = json.load(f)
    n, k, N, c = meta["n"], meta["searchRank"], meta["measurements"], meta["scale"]
    A = load(data, "sensing_operator.bin", (N, n * n))
    y = load(data, "sensing_observations.bin")
    X = load(data, "sensing_point.bin", (n, k))
    d = n * k

    def hessian_vectors(Xs, V):
        """H V for a batch V of shape (B, n, k): (G'+G'^T) X + (G+G^T) V."""
        r = A @ (Xs @ Xs.T).ravel() - y
        G = (r @ A).reshape(n, n)
        S = 2 * c * (G + G.T)
        D = Xs @ V.transpose(0, 2, 1) + V @ Xs.T
        rd = D.reshape(V.shape[0], n * n) @ A.T
        Gd = (rd @ A).reshape(V.shape[0], n, n)
        Sd = 2 * c * (Gd + Gd.transpose(0, 2, 1))
        return Sd @ Xs + S @ V

    def evaluate():
        sharp = project_rank(X, RANK)
        perp = X - sharp
        H = hessian_vectors(sharp, np.eye(d).reshape(d, n, k)).reshape(d, d)
        w, Q = np.linalg.eigh(0.5 * (H + H.T))
        coef = Q.T @ perp.ravel()
        plus = float(np.sum(np.where(w > 0, w, 0) * coef ** 2))
        minus = float(np.sum(np.where(w < 0, w, 0) * coef ** 2))
        return rates(perp, plus, minus)

    value = evaluate()
    irlab = meta.get("deviationRate")
    if irlab:
        for key in ("rate", "rateMinus", "ratePlus"):
            value[key + "RelativeDifference"] = abs(value[key] - irlab[key]) / max(abs(irlab[key]), 1e-300)
    t = timed(evaluate, 0.5 if quick else 2.0, 0.2, max(3, repeats // 2))
    row(rows, "d-dense", "deviation rate, dense (d=400)", t, None,
        "400 batched HVPs (einsum/matmul) + numpy.linalg.eigh", value)


def lanczos_negative_part(hvp, start, steps):
    """<s, H s> and the Ritz estimate of <s, H- s> from `steps` Lanczos steps from s (full reorthogonalisation)."""
    nrm = np.linalg.norm(start)
    Q = np.zeros((steps, start.size))
    alpha, beta = np.zeros(steps), np.zeros(steps)
    q = start.ravel() / nrm
    m = steps
    for j in range(steps):
        Q[j] = q
        w = hvp(q.reshape(start.shape)).ravel()
        alpha[j] = w @ q
        w -= alpha[j] * q + (beta[j - 1] * Q[j - 1] if j > 0 else 0)
        w -= Q[: j + 1].T @ (Q[: j + 1] @ w)
        beta[j] = np.linalg.norm(w)
        if beta[j] <= 1e-12 * abs(alpha[j]):
            m = j + 1
            break
        q = w / beta[j]
    T = np.diag(alpha[:m]) + np.diag(beta[: m - 1], 1) + np.diag(beta[: m - 1], -1)
    theta, Y = np.linalg.eigh(T)
    weights = (nrm * Y[0]) ** 2
    return nrm * nrm * alpha[0], float(np.sum(np.where(theta < 0, theta, 0) * weights)), m


def deviation_lanczos(rows, quick, inst, steps=20):
    _, hessian_vector, residual_matrix = completion_objective(inst)
    rng = np.random.default_rng(6)
    X = inst["truthFactor"] @ np.eye(RANK, SEARCH_RANK) + 0.01 * rng.standard_normal((inst["n"], SEARCH_RANK))

    def evaluate():
        sharp = project_rank(X, RANK)
        perp = X - sharp
        S = residual_matrix(sharp)
        gathered = (sharp[inst["rows"]], sharp[inst["cols"]])
        whole, minus, used = lanczos_negative_part(lambda v: hessian_vector(sharp, S, v, gathered), perp, steps)
        out = rates(perp, whole - minus, minus)
        out["lanczosSteps"] = used
        return out

    t0 = time.perf_counter()
    value = evaluate()
    first = time.perf_counter() - t0
    if quick:
        t = {"seconds": first, "min": first, "max": first, "repeats": 1, "batch": 1}
    else:
        t = timed(evaluate, 0.0, 0.0, 2)
    row(rows, "d-lanczos", "deviation rate, Lanczos 20 steps (d=400,000)", t, None,
        "20 Lanczos steps (full reorthogonalisation) on an einsum + scipy.sparse HVP", value)


# ------------------------------------------------------------------------------------------------ triad

def triad(quick):
    n = 1 << 24
    a, b, c = np.empty(n), np.full(n, 1.0), np.full(n, 2.0)
    times = []
    for _ in range(5 if quick else 10):
        t0 = time.perf_counter()
        np.multiply(c, 3.0, out=a)
        np.add(a, b, out=a)
        times.append(time.perf_counter() - t0)
    assert a[-1] == 7.0
    times.sort()
    return {"bytesPerPass": 24.0 * n, "bestGBs": 24.0 * n / times[0] / 1e9,
            "medianGBs": 24.0 * n / float(np.median(times)) / 1e9,
            "note": "a = b + 3c as two in-place ufuncs (NumPy has no fused triad); STREAM's 24 bytes/element"}


# ------------------------------------------------------------------------------------------------ main

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True)
    p.add_argument("--only", default="a,b,c,d,triad")
    p.add_argument("--repeats", type=int, default=11)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    only = set(args.only.split(","))
    out = {"numpy": blas_info(), "rows": []}
    rows = out["rows"]
    if "a" in only or "b" in only:
        sensing(args.data, rows, out, args.repeats, args.quick, "a" in only, "b" in only)
    inst = completion_instance() if ("c" in only or "d" in only) else None
    if "c" in only:
        completion(rows, args.repeats, args.quick, inst)
    if "d" in only:
        deviation_dense(args.data, rows, args.repeats, args.quick)
        deviation_lanczos(rows, args.quick, inst)
    if "triad" in only:
        out["triad"] = triad(args.quick)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
