package org.irlab.linalg;

import java.util.Optional;

/**
 * Chooses the {@link MeasurementKernel}: the SIMD one when the JVM runs with {@code -Dirlab.simd=true} and the
 * {@code jdk.incubator.vector} module is present ({@code --add-modules jdk.incubator.vector}), else the scalar one.
 * Both give the same bits, so the choice changes speed only.
 */
public final class MeasurementKernels {
    private static final String SIMD_CLASS = "org.irlab.linalg.VectorMeasurementKernel";
    private static final MeasurementKernel SELECTED =
            Boolean.getBoolean("irlab.simd") ? simd().orElse(ScalarMeasurementKernel.INSTANCE)
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
