package org.irlab.experiment;

/** Student's t-distribution: CDF via the regularized incomplete beta function, quantiles by bisection. */
final class StudentT {
    private StudentT() {}

    /** P(T ≤ t) for ν degrees of freedom. */
    static double cdf(double t, double nu) {
        double x = nu / (nu + t * t);
        double tail = 0.5 * regularizedBeta(x, nu / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The p-quantile (0 &lt; p &lt; 1) for ν degrees of freedom, to about 1e-12 relative. */
    static double quantile(double p, double nu) {
        if (!(p > 0 && p < 1) || !(nu > 0)) throw new IllegalArgumentException("p in (0,1) and nu > 0 required");
        if (p == 0.5) return 0;
        if (p < 0.5) return -quantile(1 - p, nu);
        double lo = 0, hi = 1;
        while (cdf(hi, nu) < p) hi *= 2;
        for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid, nu) < p) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** I_x(a, b) by the continued fraction (modified Lentz), using the symmetry for x &gt; (a+1)/(a+b+2). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        if (x > (a + 1) / (a + b + 2)) return 1 - Math.exp(lnFront) * continuedFraction(1 - x, b, a) / b;
        return Math.exp(lnFront) * continuedFraction(x, a, b) / a;
    }

    private static double continuedFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) return h;
        }
        return h;
    }

    /** ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7, n = 9; ~1e-15 relative). */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                      1.5056327351493116e-7};
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) a += c[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
