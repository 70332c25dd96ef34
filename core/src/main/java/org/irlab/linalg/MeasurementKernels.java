package org.irlab.linalg;

import java.util.Optional;

/**
 * Chooses the {@link MeasurementKernel}: with {@code -Dirlab.simd=true} and the {@code jdk.incubator.vector} module
 * present ({@code --add-modules jdk.incubator.vector}) the scalar kernel until the JVM has done
 * {@code irlab.simd.warmAt} multiply-adds of kernel work, then the SIMD one, warmed up on another thread
 * ({@code SwitchingMeasurementKernel}; {@code -Dirlab.simd.warmAt=0} switches as soon as it is compiled); else the
 * scalar one. All give the same bits, so the choice changes speed only.
 */
public final class MeasurementKernels {
    private static final String SIMD_CLASS = "org.irlab.linalg.VectorMeasurementKernel";
    /**
     * Kernel work (multiply-adds) after which the SIMD kernel is warmed up and switched to: 4·10⁹, about 90,000
     * paper-size Gram steps (1–2 s of scalar work), where a whole paper-size run that switches stops costing more
     * CPU than one that stays scalar (its warm-up thread and the Vector API's compilation cost 0.7 s of CPU at
     * 30,000 steps and are paid back by 100,000; bench/RESULTS.md). Large problems reach it in their first seconds.
     */
    static final long WARM_AT = Long.getLong("irlab.simd.warmAt", 4_000_000_000L);

    private static final MeasurementKernel SELECTED =
            Boolean.getBoolean("irlab.simd")
                    ? simd().<MeasurementKernel>map(k -> new SwitchingMeasurementKernel(ScalarMeasurementKernel.INSTANCE, k, WARM_AT))
                            .orElse(ScalarMeasurementKernel.INSTANCE)
                    : ScalarMeasurementKernel.INSTANCE;

    private MeasurementKernels() {}

    /** The kernel this JVM uses. */
    public static MeasurementKernel selected() { return SELECTED; }

    /** The portable kernel. */
    public static MeasurementKernel scalar() { return ScalarMeasurementKernel.INSTANCE; }

    /** The SIMD kernel, if the vector module is present in this JVM (whatever irlab.simd says). */
    public static Optional<MeasurementKernel> simd() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return Optional.empty();
        try {
            return Optional.of((MeasurementKernel) Class.forName(SIMD_CLASS).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The SIMD kernel with a forced vector width (512-bit when wide, else 256-bit), for tests on any hardware. */
    static Optional<MeasurementKernel> simd(boolean wide) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return Optional.empty();
        try {
            return Optional.of((MeasurementKernel) Class.forName(SIMD_CLASS).getDeclaredConstructor(boolean.class)
                    .newInstance(wide));
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }
}
