package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.irlab.completion.Completion;
import org.irlab.completion.RankFreeDescent;

/**
 * The summary.json entries of a completion method: its hyper-parameters and diagnostics. Most methods hand them over
 * as JSON-friendly maps; the rank-free descent reports a typed {@link RankFreeDescent.Report}, written out here.
 */
public final class RankFreePayload {
    /** Thresholds (relative to σ₁) at which the number of singular values is reported. */
    static final double[] RANK_THRESHOLDS = {1e-1, 1e-2, 1e-3};
    /** Leading singular values shown. */
    static final int SHOWN_SINGULAR_VALUES = 50;

    private RankFreePayload() {}

    public static JsonNode hyperParameters(Completion c) {
        if (!(c instanceof RankFreeDescent.Fit fit)) return Json.MAPPER.valueToTree(c.hyperParameters());
        RankFreeDescent.Report r = fit.report();
        RankFreeDescent.Settings s = r.settings();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("start", s.start().label());
        if (s.start() == RankFreeDescent.Start.SMALL_RANDOM) o.put("initScale", r.initScale());
        else o.put("radius", s.radius());
        o.put("stoppedAt", r.bestIteration());
        o.put("searchRank", r.searchRank());
        o.put("members", r.members());
        o.put("balance", s.balance());
        o.put("jointBiases", s.jointBiases());
        o.put("countExponent", s.countExponent());
        o.put("centering", s.centering().label());
        if (!r.centeringParameters().isEmpty()) o.set("centeringParameters", Json.MAPPER.valueToTree(r.centeringParameters()));
        return o;
    }

    /** @param seconds the fit's wall time, measured by the caller */
    public static JsonNode diagnostics(Completion c, double seconds) {
        if (!(c instanceof RankFreeDescent.Fit fit)) return Json.MAPPER.valueToTree(c.diagnostics());
        RankFreeDescent.Report r = fit.report();
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        double[] sv = r.singularValues();
        d.put("effectiveRank", r.effectiveRank());
        ObjectNode above = d.putObject("ranksAboveRelativeThreshold");
        for (double t : RANK_THRESHOLDS) {
            int k = 0;
            for (double v : sv) if (v > t * sv[0]) k++;
            above.put(String.valueOf(t), k);
        }
        ArrayNode shown = d.putArray("singularValues");
        for (int k = 0; k < Math.min(sv.length, SHOWN_SINGULAR_VALUES); k++) shown.add(sv[k]);
        d.put("bestIteration", r.bestIteration());
        d.put("iterations", r.iterations());
        d.put("stopped", r.stopped().label());
        d.put("validationRmse", r.validationRmse());
        if (r.members() > 1) {
            ArrayNode rmse = d.putArray("memberValidationRmse"), stops = d.putArray("memberBestIterations");
            for (double v : r.memberValidationRmse()) rmse.add(v);
            for (int v : r.memberBestIterations()) stops.add(v);
        }
        d.put("rejectedChunks", r.rejectedChunks());
        d.put("finalLoss", r.finalLoss());
        if (r.ipgdStatus() != null) {
            d.put("ipgdStatus", r.ipgdStatus().specName());
            d.put("ipgdPerturbations", r.ipgdPerturbations());
        }
        d.put("sigmaHat", r.sigmaHat());
        d.put("balanceWeight", r.balanceWeight());
        d.put("imbalance", r.imbalance());
        d.put("trainMse", r.trainMse());
        d.put("seconds", seconds);
        ArrayNode grid = d.putArray("grid");
        for (RankFreeDescent.GridPoint p : r.grid()) {
            ObjectNode g = grid.addObject();
            if (r.settings().start() == RankFreeDescent.Start.SMALL_RANDOM) g.put("initScale", p.initScale());
            if (p.skipped()) {
                g.put("skipped", true);
            } else {
                g.put("bestIteration", p.bestIteration());
                g.put("iterations", p.iterations());
                g.put("validationRmse", p.validationRmse());
                g.put("stopped", p.stopped().label());
            }
        }
        ArrayNode steps = d.putArray("stepSizes");
        for (RankFreeDescent.StepDecision s : r.stepSizes()) {
            steps.addObject().put("iteration", s.iteration()).put("curvature", s.curvature())
                    .put("stepSize", s.stepSize()).put("accepted", s.accepted());
        }
        ArrayNode curve = d.putArray("validationCurve");
        RankFreeDescent.ValidationCurve v = r.validationCurve();
        for (int k = 0; k < v.size(); k++) {
            curve.addObject().put("iteration", v.iteration(k)).put("loss", v.loss(k))
                    .put("validationRmse", v.validationRmse(k));
        }
        return d;
    }
}
