package org.irlab.problem;

/**
 * f(x) = L(M(x)) for a {@link FactorModel} M and a {@link MatrixLoss} L. Chain rule:
 * ∇f = Jᵀ∇L, ∇²f·v = Jᵀ(∇²L·Jv) + curvature(∇L, v).
 *
 * <p>Consecutive Hessian-vector products at the same x (Lanczos, dense Hessian assembly) reuse M(x) and ∇L(M(x))
 * from the first one: the point is compared bit for bit, and any value or gradient call in between invalidates it.
 */
public final class FactorizedObjective implements Objective {
    private final FactorModel model;
    private final MatrixLoss loss;
    private final double[] m, g, mDot, gDot, work;
    private final double[] hessianPoint;
    private boolean hessianPointValid;

    public FactorizedObjective(FactorModel model, MatrixLoss loss) {
        if (model.rows() != loss.rows() || model.columns() != loss.columns()) {
            throw new IllegalArgumentException("model is " + model.rows() + "x" + model.columns()
                    + " but loss expects " + loss.rows() + "x" + loss.columns());
        }
        this.model = model;
        this.loss = loss;
        int size = model.rows() * model.columns();
        m = new double[size];
        g = new double[size];
        mDot = new double[size];
        gDot = new double[size];
        work = new double[model.dimension()];
        hessianPoint = new double[model.dimension()];
    }

    public FactorModel model() { return model; }

    public MatrixLoss loss() { return loss; }

    @Override public int dimension() { return model.dimension(); }

    @Override public double value(double[] x) {
        hessianPointValid = false;
        model.product(x, m);
        return loss.value(m);
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        Objective.checkNoAlias(gradientOut, x);
        hessianPointValid = false;
        model.product(x, m);
        double f = loss.valueAndGradient(m, g);
        model.pullback(x, g, gradientOut);
        return f;
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        Objective.checkNoAlias(out, x, v);
        if (!hessianPointValid || !java.util.Arrays.equals(x, hessianPoint)) {
            model.product(x, m);
            loss.curvatureGradient(m, g);
            System.arraycopy(x, 0, hessianPoint, 0, hessianPoint.length);
            hessianPointValid = true;
        }
        model.pushforward(x, v, mDot);
        loss.hessian(m, mDot, gDot);
        model.pullback(x, gDot, out);
        model.curvature(x, g, v, work);
        for (int i = 0; i < out.length; i++) out[i] += work[i];
    }
}
