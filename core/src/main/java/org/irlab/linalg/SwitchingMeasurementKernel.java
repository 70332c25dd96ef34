package org.irlab.linalg;

/**
 * The scalar {@link MeasurementKernel} until this JVM has done enough kernel work to pay for the SIMD kernel's JIT
 * warm-up, then the SIMD one: short runs never wait for the Vector API to compile (its first hundred calls are
 * 100–600× slower than steady state), long runs get its speed. Once the work done passes {@code warmAt}
 * multiply-adds, a daemon thread drives the SIMD kernel on synthetic data until its speed settles (compiled); the
 * calls switch over after that, so the caller never runs the SIMD kernel cold. Every kernel gives the same bits
 * (the contract of {@link MeasurementKernel}), so where the switch falls changes the time only.
 */
final class SwitchingMeasurementKernel implements MeasurementKernel {
    private final MeasurementKernel scalar, simd;
    private final long warmAt;
    private MeasurementKernel current;
    private long work;                     // racy on purpose: a lost update only moves the switch a little
    private boolean warming;
    private volatile boolean warm;

    SwitchingMeasurementKernel(MeasurementKernel scalar, MeasurementKernel simd, long warmAt) {
        this.scalar = scalar;
        this.simd = simd;
        this.warmAt = warmAt;
        this.current = scalar;
    }

    private MeasurementKernel pick(long multiplyAdds) {
        MeasurementKernel k = current;
        if (k == simd) return k;
        long done = work += multiplyAdds;
        if (done >= warmAt) {
            if (warm) {
                current = simd;
                return simd;
            }
            if (!warming) startWarmUp();
        }
        return k;
    }

    private synchronized void startWarmUp() {
        if (warming) return;
        warming = true;
        Thread t = new Thread(this::warmUp, "irlab-simd-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Runs every SIMD entry point at the paper's sizes until a batch is no faster than the best one so far. */
    private void warmUp() {
        int width = 210, rows = 64, n = 20;
        double[] operator = new double[rows * width], v = new double[width], out = new double[rows];
        double[] acc = new double[width], square = new double[n * n], product = new double[n * n];
        for (int i = 0; i < operator.length; i++) operator[i] = (i % 17) * 0.125 - 1;
        for (int i = 0; i < width; i++) v[i] = (i % 5) * 0.25;
        for (int i = 0; i < square.length; i++) square[i] = (i % 7) * 0.5;
        long best = Long.MAX_VALUE;
        int settled = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        double sink = 0;
        for (int batch = 0; batch < 400 && settled < 3 && System.nanoTime() < deadline; batch++) {
            long start = System.nanoTime();
            for (int r = 0; r < 50; r++) {
                java.util.Arrays.fill(acc, 0);
                simd.residualsAndAccumulate(operator, width, 0, rows, v, out, 1e-3, out, acc);
                for (int p = 0; p < width; p++) sink += simd.dot(operator, p * 8, v, 0, width - 8);
                simd.multiply(square, square, product, n, n, n);
                simd.addOuter(product, 0, n, n, 1e-3, square, 0, square, n);
            }
            long time = System.nanoTime() - start;
            settled = batch >= 20 && time >= 0.9 * best ? settled + 1 : 0;
            best = Math.min(best, time);
        }
        if (sink == 42) current = scalar; // keep the work observable
        warm = true;
    }

    /** True once calls go to the SIMD kernel. */
    boolean switched() { return current == simd; }

    @Override public String name() { return "scalar→" + simd.name(); }

    @Override public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        return pick(len).dot(a, aOff, b, bOff, len);
    }

    @Override public void residuals(double[] rows, int width, int from, int to, double[] v, double[] offsets,
                                    double[] out) {
        pick((long) (to - from) * width).residuals(rows, width, from, to, v, offsets, out);
    }

    @Override public void accumulate(double[] rows, int stride, int column, int len, int from, int to, double coef,
                                     double[] weights, int wOff, double[] acc, int accOff) {
        pick((long) (to - from) * len).accumulate(rows, stride, column, len, from, to, coef, weights, wOff, acc, accOff);
    }

    @Override public void residualsAndAccumulate(double[] rows, int width, int from, int to, double[] v,
                                                 double[] offsets, double coef, double[] out, double[] acc) {
        pick(2L * (to - from) * width).residualsAndAccumulate(rows, width, from, to, v, offsets, coef, out, acc);
    }

    @Override public void addOuter(double[] acc, int accOff, int rows, int len, double coef, double[] u, int uOff,
                                   double[] v, int vOff) {
        pick((long) rows * len).addOuter(acc, accOff, rows, len, coef, u, uOff, v, vOff);
    }

    @Override public void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
        pick((long) m * k * n).multiply(a, b, c, m, k, n);
    }

    @Override public void product(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff,
                                  int ldc, int m, int depth, int len, double coef) {
        pick((long) m * depth * len).product(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, depth, len, coef);
    }
}
