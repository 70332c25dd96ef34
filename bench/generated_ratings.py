#!/usr/bin/env python3
"""A generated ratings table for the whole-command Spark bench: USERS x ITEMS, PER_USER ratings per user at
uniformly random items, rating = 3.5 + (rank-10 product) + N(0, 0.5^2), written as userId,movieId,rating with ids
u<i>, i<j> and 4 decimals (a practitioner's CSV), atomically (temp file + rename). Seeded: the same file every time.
Usage: generated_ratings.py OUT [USERS ITEMS PER_USER]   (defaults 100000 20000 200: 2e7 ratings, ~0.4 GB)"""
import os
import sys

import numpy as np

out = sys.argv[1]
users, items, per = (int(a) for a in sys.argv[2:5]) if len(sys.argv) > 4 else (100_000, 20_000, 200)
rank, chunk = 10, 5000
rng = np.random.default_rng(1)
a = rng.standard_normal((users, rank)) / np.sqrt(rank)
b = rng.standard_normal((items, rank))
with open(out + ".tmp", "w") as f:
    f.write("userId,movieId,rating\n")
    for s in range(0, users, chunk):
        u = np.arange(s, min(s + chunk, users))
        cols = np.argsort(rng.random((len(u), items)), axis=1)[:, :per]
        vals = 3.5 + np.einsum("ur,ujr->uj", a[u], b[cols]) + 0.5 * rng.standard_normal((len(u), per))
        f.write("".join(f"u{x},i{y},{z:.4f}\n" for x, y, z in zip(np.repeat(u, per), cols.ravel(), vals.ravel())))
os.replace(out + ".tmp", out)
