"""Arrays of >= 1 MiB allocated on a Spark driver's threads, from a JFR recording (bench/driver-end-of-fit.sh).

Usage: driver_allocations.py FILE.jfr       (the analysis)
       driver_allocations.py --generate CSV  (a 1.2e6-rating table: 30,000 users x 5,000 items, rank 10 + noise)
"""
import json, subprocess, sys, collections

if sys.argv[1] == '--generate':
    import numpy as np
    rng = np.random.default_rng(1)
    U, I, per, r = 30000, 5000, 40, 10
    A = rng.normal(size=(U, r)) / np.sqrt(r); B = rng.normal(size=(I, r))
    with open(sys.argv[2], 'w') as f:
        f.write('userId,itemId,rating\n')
        for u in range(U):
            items = rng.choice(I, per, replace=False)
            v = np.clip(np.round((3.5 + B[items] @ A[u] + 0.5 * rng.normal(size=per)) * 2) / 2, 0.5, 5)
            f.write(''.join(f'u{u},i{j},{x}\n' for j, x in zip(items, v)))
    sys.exit(0)
path = sys.argv[1]
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '12', '--events', 'jdk.ObjectAllocationOutsideTLAB', path],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)['recording']['events']
MB = 1e6
rows = []
for e in events:
    v = e['values']
    thread = (v.get('eventThread') or {}).get('javaName') or ''
    size = v['allocationSize']
    cls = (v.get('objectClass') or {}).get('name', '?')
    if size < 1 << 20: continue
    frames = [(f['method']['type']['name'].split('.')[-1] + '.' + f['method']['name']) for f in ((v.get('stackTrace') or {}).get('frames') or [])]
    rows.append((size, cls, thread, frames))
drv = [r for r in rows if not r[2].startswith('Executor task launch')]
exe = [r for r in rows if r[2].startswith('Executor task launch')]
print(f"{path}: arrays >= 1 MiB allocated: driver threads {len(drv)} ({sum(r[0] for r in drv)/MB:.0f} MB), executor threads {len(exe)} ({sum(r[0] for r in exe)/MB:.0f} MB)")
print("largest on driver threads:")
for r in sorted(drv, key=lambda r: -r[0])[:12]:
    print(f"  {r[0]/MB:8.1f} MB {r[1]:10s} {r[2][:28]:28s} {' < '.join(r[3][:5])}")
by = collections.Counter()
for r in drv:
    key = next((f for f in r[3] if any(k in f for k in ('RankFree', 'ModelDirectory', 'Factors', 'Distributed', 'FitCommand', 'SparkFitEngine', 'FactorSpectrum', 'LowRank', 'Npy', 'BlockFactor', 'RowOrder', 'Balance', 'Householder'))), r[3][0] if r[3] else '?')
    by[key] += r[0]
print("driver bytes by first IRLab frame:")
for k, b in by.most_common(15): print(f"  {b/MB:8.1f} MB  {k}")
END = ('RankFreeDescent.completion', 'ModelDirectory', 'Factors.of', 'SparkFitEngine', 'BlockFactorRows', 'RowOrder',
       'DistributedDescents.average', 'DistributedDescents.collect', 'DistributedDescents.imbalanceNorm',
       'LowRankCompletion', 'FactorSpectrum', 'ModelContents')
end = [r for r in drv if any(any(k in f for k in END) for f in r[3])]
print(f"END OF FIT (driver threads, arrays >= 1 MiB with an end-of-fit frame in the top 12): {len(end)} arrays, {sum(r[0] for r in end)/MB:.0f} MB, largest {max((r[0] for r in end), default=0)/MB:.1f} MB")
