package org.irlab.linalg;

import java.util.SplittableRandom;

/**
 * Seeded random draws used by problems and optimizers. Gaussian draws use the Marsaglia polar method on
 * {@link SplittableRandom#nextDouble()} with fdlibm's log ({@code FdlibmLog}, the bits of {@code StrictMath.log})
 * so the numbers are the same on every JDK and thread count.
 */
public final class Randoms {
    private Randoms() {}

    /** One standard normal draw. Consumes a variable number of uniforms (polar method, no cached spare). */
    public static double gaussian(SplittableRandom rng) {
        while (true) {
            double u = 2 * rng.nextDouble() - 1;
            double v = 2 * rng.nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) return u * Math.sqrt(-2 * FdlibmLog.log(s) / s);
        }
    }

    /**
     * Fills {@code out} with iid N(0, scale²) draws: the numbers of {@code scale * gaussian(rng)} called
     * out.length times. In blocks, the accepted pairs are drawn first (the only branches) and the transforms run after
     * them with no branch between independent draws, so the processor overlaps their log, square root and division.
     */
    public static void gaussian(SplittableRandom rng, double scale, double[] out) {
        int block = Math.min(GAUSSIAN_BLOCK, out.length);
        double[] first = new double[block], square = new double[block];
        for (int from = 0; from < out.length; from += block) {
            int n = Math.min(block, out.length - from);
            for (int k = 0; k < n; k++) {
                double u, v, s;
                do {
                    u = 2 * rng.nextDouble() - 1;
                    v = 2 * rng.nextDouble() - 1;
                    s = u * u + v * v;
                } while (!(s > 0 && s < 1));
                first[k] = u;
                square[k] = s;
            }
            for (int k = 0; k < n; k++) {
                double s = square[k];
                out[from + k] = scale * (first[k] * Math.sqrt(-2 * FdlibmLog.log(s) / s));
            }
        }
    }

    /**
     * Writes {@code length} iid N(0, scale²) draws into out[from…from+length) from the stream of row {@code row} of a
     * seeded family: each row has its own generator (the seed and row mixed by SplitMix64's finaliser), so a row's
     * draws do not depend on which other rows are drawn, or where — the same numbers in one JVM and on a cluster's
     * blocks of rows.
     */
    public static void gaussianRow(long seed, long row, double scale, double[] out, int from, int length) {
        long z = seed + 0x9E3779B97F4A7C15L * (row + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        SplittableRandom rng = new SplittableRandom(z ^ (z >>> 31));
        for (int k = from; k < from + length; k++) out[k] = scale * gaussian(rng);
    }

    /** Draws per block of {@link #gaussian(SplittableRandom, double, double[])}. */
    private static final int GAUSSIAN_BLOCK = 256;

    /**
     * Draws ξ uniformly from the Euclidean ball of the given radius in ℝ^d (d = out.length): an isotropic Gaussian
     * direction scaled to length radius·U^{1/d}, so the radius has the ball's distribution, not the sphere's.
     */
    public static void uniformBall(SplittableRandom rng, double radius, double[] out) {
        int d = out.length;
        double norm;
        do {
            gaussian(rng, 1.0, out);
            norm = Kernels.norm(out);
        } while (norm == 0);
        double r = radius * StrictMath.pow(rng.nextDouble(), 1.0 / d);
        double s = r / norm;
        for (int i = 0; i < d; i++) out[i] *= s;
    }

    /**
     * A rows×cols matrix (row-major) with orthonormal columns: Gaussian entries orthonormalised by modified
     * Gram–Schmidt (twice, for accuracy). This equals the Q of a QR factorisation with positive diagonal R, so the
     * result has no sign ambiguity.
     */
    public static double[] orthonormalColumns(SplittableRandom rng, int rows, int cols) {
        if (cols > rows) throw new IllegalArgumentException("cannot have " + cols + " orthonormal columns in R^" + rows);
        double[] q = new double[rows * cols];
        gaussian(rng, 1.0, q);
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < cols; j++) {
                for (int k = 0; k < j; k++) {
                    double proj = 0;
                    for (int i = 0; i < rows; i++) proj += q[i * cols + j] * q[i * cols + k];
                    for (int i = 0; i < rows; i++) q[i * cols + j] -= proj * q[i * cols + k];
                }
                double norm = 0;
                for (int i = 0; i < rows; i++) norm += q[i * cols + j] * q[i * cols + j];
                norm = Math.sqrt(norm);
                for (int i = 0; i < rows; i++) q[i * cols + j] /= norm;
            }
        }
        return q;
    }
}
