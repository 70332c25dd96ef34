package org.irlab.problem;

import org.irlab.linalg.MeasurementKernel;
import org.irlab.linalg.MeasurementKernels;

/**
 * L(M) = c·Σᵢ (⟨Aᵢ, M⟩ − yᵢ)² for measurement matrices Aᵢ stored as the rows of one N×(rows·columns) array.
 * Matrix sensing uses c = 1/(4N); sparse recovery and least squares use it with M a 1×d row.
 *
 * <p>Residuals and the gradient Σ 2c·rᵢAᵢ are computed in one pass over the operator, block by block, with the
 * {@link MeasurementKernel} (SIMD when enabled; the same bits either way). On the GRAM route ({@link GradientRoute})
 * the gradient comes from the Gram matrix 2cAᵀA instead ({@code GramAnchor}: (rows·columns)² multiply-adds instead
 * of 2N·rows·columns); {@link #value} always sums the residuals.
 */
public final class SensingLoss implements MatrixLoss {
    private final int rows, columns, measurements;
    private final double[] operator;
    private final double[] observations;
    private final double scale;
    private final double[] residual;
    private final MeasurementKernel kernel = MeasurementKernels.selected();
    private final GradientRoute route;
    private GramAnchor anchor;                 // made at the first gradient on the GRAM route
    private SensingLoss batchView;             // the loss of the last batch size, over gathered rows
    private double[] batchOperator, batchObservations;

    /**
     * @param operator     N×(rows·columns) row-major; row i is vec(Aᵢ); not copied, must not be modified
     * @param observations y, length N; not copied
     * @param scale        c
     */
    public SensingLoss(int rows, int columns, double[] operator, double[] observations, double scale) {
        this(rows, columns, operator, observations, scale, GradientRoute.DIRECT);
    }

    /** As {@link #SensingLoss(int, int, double[], double[], double)} on a gradient route ({@link #resolve}). */
    public SensingLoss(int rows, int columns, double[] operator, double[] observations, double scale,
                       GradientRoute route) {
        this.rows = rows;
        this.columns = columns;
        this.measurements = observations.length;
        checkOperator(operator, measurements, rows * columns);
        this.operator = operator;
        this.observations = observations;
        this.scale = scale;
        this.residual = new double[measurements];
        this.route = resolve(route, (long) rows * columns, measurements);
    }

    /** Refuses an operator that is not N×width. */
    static void checkOperator(double[] operator, int measurements, int width) {
        if (operator.length != (long) measurements * width) {
            throw new IllegalArgumentException("operator has " + operator.length + " entries, expected "
                    + measurements + "x" + width);
        }
    }

    /**
     * AUTO becomes GRAM when the matrix has fewer entries than there are measurements and its Gram matrix is within
     * the cache limit ({@code -Dirlab.sensing.gramMaxEntries}); DIRECT otherwise.
     */
    public static GradientRoute resolve(GradientRoute asked, long entries, int measurements) {
        if (asked != GradientRoute.AUTO) return asked;
        return entries < measurements && entries * entries <= SymmetricSensingObjective.GRAM_MAX_ENTRIES
                ? GradientRoute.GRAM : GradientRoute.DIRECT;
    }

    /** DIRECT or GRAM. */
    public GradientRoute gradientRoute() { return route; }

    public int measurements() { return measurements; }

    public double scale() { return scale; }

    /** The operator 𝒜 as N×(rows·columns) row-major (shared, do not modify). */
    public double[] operator() { return operator; }

    /** y (shared, do not modify). */
    public double[] observations() { return observations; }

    @Override public int rows() { return rows; }
    @Override public int columns() { return columns; }

    @Override public double value(double[] m) {
        kernel.residuals(operator, rows * columns, 0, measurements, m, observations, residual);
        return scale * sumOfSquares();
    }

    /** ∇L = 2c·Σ rᵢAᵢ. */
    @Override public double valueAndGradient(double[] m, double[] gradientOut) {
        if (route == GradientRoute.GRAM) {
            if (anchor == null) {
                anchor = new GramAnchor(GramAnchor.build(operator, rows * columns, measurements, 2 * scale, kernel),
                        rows * columns, kernel);
            }
            double f = anchor.step(m, gradientOut);
            if (!Double.isNaN(f)) return f;
            f = directValueAndGradient(m, gradientOut);
            anchor.anchor(m, gradientOut, f);
            return f;
        }
        return directValueAndGradient(m, gradientOut);
    }

    /**
     * The unbiased batch estimate c·(N/B)·Σ_{i∈B} rᵢ² and its gradient: the batch's rows are gathered into buffers
     * (made once per batch size) behind a loss of this class on the direct route, so the full batch in order gives
     * the direct route's bits.
     */
    public double batchValueAndGradient(double[] m, int[] batch, int size, double[] gradientOut) {
        if (size < 1) throw new IllegalArgumentException("batch must hold at least one measurement");
        int width = rows * columns;
        if (batchView == null || batchObservations.length != size) {
            batchOperator = new double[Math.multiplyExact(size, width)];
            batchObservations = new double[size];
            batchView = new SensingLoss(rows, columns, batchOperator, batchObservations,
                    scale * ((double) measurements / size), GradientRoute.DIRECT);
        }
        for (int b = 0; b < size; b++) {
            int i = batch[b];
            System.arraycopy(operator, i * width, batchOperator, b * width, width);
            batchObservations[b] = observations[i];
        }
        return batchView.valueAndGradient(m, gradientOut);
    }

    /** The direct pass, leaving the Gram route's anchor alone. */
    @Override public void curvatureGradient(double[] m, double[] gradientOut) { directValueAndGradient(m, gradientOut); }

    private double directValueAndGradient(double[] m, double[] gradientOut) {
        java.util.Arrays.fill(gradientOut, 0, rows * columns, 0.0);
        kernel.residualsAndAccumulate(operator, rows * columns, 0, measurements, m, observations, 2 * scale, residual,
                gradientOut);
        return scale * sumOfSquares();
    }

    /** ∇²L·D = 2c·Σ ⟨Aᵢ, D⟩Aᵢ (independent of M). */
    @Override public void hessian(double[] m, double[] direction, double[] out) {
        java.util.Arrays.fill(out, 0, rows * columns, 0.0);
        kernel.residualsAndAccumulate(operator, rows * columns, 0, measurements, direction, null, 2 * scale, residual,
                out);
    }

    private double sumOfSquares() {
        double s = 0;
        for (int i = 0; i < measurements; i++) s += residual[i] * residual[i];
        return s;
    }
}
