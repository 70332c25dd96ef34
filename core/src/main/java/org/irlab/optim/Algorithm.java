package org.irlab.optim;

/** The descent variants IRLab runs exactly as written; all share one GD step. */
public enum Algorithm {
    /** Plain gradient descent x ← x − η∇f(x). */
    GD("gd"),
    /** Perturbed GD of Jin et al. (2017): a ball perturbation when ‖∇f‖ ≤ g_thres, at most once per t_thres steps. */
    PGD("pgd"),
    /** Algorithm 1 of the IPGD paper: PGD with an infinitesimal radius and the escape (decrease) test. */
    IPGD("ipgd"),
    /** Algorithm 2: IPGD, then T' plain GD steps from its output. */
    IPGD_PLUS("ipgd+");

    private final String specName;

    Algorithm(String specName) { this.specName = specName; }

    public String specName() { return specName; }

    public static Algorithm fromSpecName(String name) {
        for (Algorithm a : values()) if (a.specName.equals(name)) return a;
        throw new IllegalArgumentException("unknown algorithm '" + name + "' (expected gd, pgd, ipgd, ipgd+)");
    }
}
