package org.irlab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;

/**
 * What recording the deviation rate costs a whole run: the same spec run with {@code record.deviationRate=off} and
 * with a chosen mode (default {@code lanczos}, every {@code record.every} steps), alternating in one JVM, and the
 * median of the per-round time ratios (the first, cold round is reported apart: it includes JIT compilation).
 *
 * <pre>java -cp bench/target/benchmarks.jar org.irlab.bench.RecordingCost [SPEC] [--rounds 9] [--mode lanczos]
 *     [--set key=value ...]</pre>
 */
public final class RecordingCost {
    private RecordingCost() {}

    public static void main(String[] args) throws Exception {
        Path spec = Path.of("examples/symmetric-sensing-ipgd.json");
        int rounds = 9;
        String mode = "lanczos";
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--set" -> extra.add(args[++i]);
                default -> spec = Path.of(args[i]);
            }
        }
        double[] ratios = new double[rounds];
        double[] off = new double[rounds], on = new double[rounds];
        double coldOff = 0, coldOn = 0;
        Runner.Outcome last = null;
        for (int round = -1; round < rounds; round++) {
            double tOff = time(spec, extra, "off", null);
            Runner.Outcome[] keep = new Runner.Outcome[1];
            double tOn = time(spec, extra, mode, keep);
            last = keep[0];
            if (round < 0) { coldOff = tOff; coldOn = tOn; continue; }
            off[round] = tOff;
            on[round] = tOn;
            ratios[round] = tOn / tOff;
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf("spec %s, deviation rate %s%s%n", spec, mode, extra.isEmpty() ? "" : " " + extra);
        System.out.printf("cold round: off %.3f s, %s %.3f s, ratio %.2f%n", coldOff, mode, coldOn, coldOn / coldOff);
        System.out.printf("warm rounds (%d): off median %.3f s, %s median %.3f s%n", rounds, median(off), mode, median(on));
        System.out.printf("ratio median %.2f (range %.2f-%.2f)%n", median(ratios), sorted[0], sorted[rounds - 1]);
        var s = last.summary();
        System.out.printf("samples %s, Hessian-vector products %s, restricted %s, uncertified %s, r̄_T %s%n",
                s.path("deviationRateSamples").asText(), s.path("deviationRateHessianProducts").asText(),
                s.path("deviationRateRestrictedSamples").asText(), s.path("deviationRateUncertifiedSamples").asText(),
                s.path("cumulativeDeviationRate").asText());
    }

    private static double time(Path spec, List<String> extra, String mode, Runner.Outcome[] keep) throws Exception {
        List<String> overrides = new ArrayList<>(extra);
        overrides.add("record.deviationRate=" + mode);
        RunSpec s = RunSpec.load(spec, overrides);
        Path dir = Files.createTempDirectory("irlab-recording-cost");
        long t0 = System.nanoTime();
        Runner.Outcome o = Runner.run(s, dir, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (keep != null) keep[0] = o;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return seconds;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
