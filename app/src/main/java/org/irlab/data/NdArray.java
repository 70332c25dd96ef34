package org.irlab.data;

import java.util.Arrays;

/**
 * A dense n-dimensional array of an instance file: its shape, the element type it was stored with and its values
 * in C (row-major) order as doubles (every int32 and every int64 below 2⁵³ is exact), plus where it came from, so
 * that every check can name the file, the array and the offending index.
 */
public final class NdArray {
    /** The element types IRLab reads (little-endian) and writes. */
    public enum Type {
        FLOAT64("<f8", 8), INT64("<i8", 8), INT32("<i4", 4), BOOL("|b1", 1), UINT8("|u1", 1), INT8("|i1", 1);

        final String descr;
        final int bytes;

        Type(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        /** The NumPy dtype string, e.g. {@code <f8}. */
        public String descr() { return descr; }

        boolean isInteger() { return this != FLOAT64; }
    }

    private final String source;
    private final int[] shape;
    private final Type type;
    private final double[] values;

    /**
     * @param source where the array came from, as shown in errors (e.g. {@code instance/A.npy})
     * @param values C-order values, length = product of the shape (not copied)
     */
    public NdArray(String source, int[] shape, Type type, double[] values) {
        long size = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            size *= s;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, got "
                    + values.length);
        }
        this.source = source;
        this.shape = shape.clone();
        this.type = type;
        this.values = values;
    }

    /** A float64 array to write. */
    public static NdArray of(double[] values, int... shape) { return new NdArray("", shape, Type.FLOAT64, values); }

    /** An int64 array to write (indices). */
    public static NdArray ofIndices(int[] values, int... shape) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) v[i] = values[i];
        return new NdArray("", shape, Type.INT64, v);
    }

    /** Where the array came from. */
    public String source() { return source; }

    public Type type() { return type; }

    /** The shape (a copy). */
    public int[] shape() { return shape.clone(); }

    /** Length of axis k. */
    public int shape(int k) { return shape[k]; }

    /** Number of axes (0 for a scalar). */
    public int dimensions() { return shape.length; }

    /** Number of values. */
    public int size() { return values.length; }

    /** The values in C order (shared, do not modify). */
    public double[] values() { return values; }

    /** The shape as NumPy prints it, e.g. {@code (3, 4)} or {@code (5,)}. */
    public String shapeText() { return shapeText(shape); }

    static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) b.append(", ");
            b.append(shape[i]);
        }
        if (shape.length == 1) b.append(',');
        return b.append(')').toString();
    }

    /** The multi-index of flat position k, as NumPy prints it, e.g. {@code [2, 0]}. */
    public String indexText(int k) {
        int[] index = new int[shape.length];
        long rest = k;
        for (int a = shape.length - 1; a >= 0; a--) {
            index[a] = (int) (rest % shape[a]);
            rest /= shape[a];
        }
        return Arrays.toString(index);
    }

    /** An error about this array, naming it. */
    public BadInputException invalid(String why) { return new BadInputException(source + ": " + why); }

    /**
     * Checks the shape: {@code expected[k]} is the length axis k must have, or −1 for any; {@code meaning} spells
     * the expected shape for the message, e.g. {@code (N, n1, n2)}.
     */
    public NdArray requireShape(String meaning, int... expected) {
        boolean ok = expected.length == shape.length;
        for (int k = 0; ok && k < expected.length; k++) ok = expected[k] < 0 || expected[k] == shape[k];
        if (!ok) {
            StringBuilder want = new StringBuilder("(");
            for (int k = 0; k < expected.length; k++) {
                if (k > 0) want.append(", ");
                want.append(expected[k] < 0 ? "any" : Integer.toString(expected[k]));
            }
            if (expected.length == 1) want.append(',');
            want.append(')');
            throw invalid("has shape " + shapeText() + ", expected " + meaning + " = " + want);
        }
        return this;
    }

    /** Checks that every value is finite, naming the first that is not. */
    public NdArray requireFinite() {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) throw invalid("entry " + indexText(k) + " is " + values[k]);
        }
        return this;
    }

    /** Checks that every value lies in [low, high], naming the first that does not. */
    public NdArray requireRange(double low, double high) {
        requireFinite();
        for (int k = 0; k < values.length; k++) {
            if (values[k] < low || values[k] > high) {
                throw invalid("entry " + indexText(k) + " is " + values[k] + ", outside [" + low + ", " + high + "]");
            }
        }
        return this;
    }

    /**
     * The values as indices in [0, bound): the array must have an integer type (int64, int32, …), not float64.
     *
     * @param what what the indices count, for the message (e.g. {@code rows of the 20×30 matrix})
     */
    public int[] indices(int bound, String what) {
        if (!type.isInteger()) {
            throw invalid("has dtype float64 (" + type.descr() + "), expected integer indices (int64 or int32)");
        }
        int[] out = new int[values.length];
        for (int k = 0; k < values.length; k++) {
            double v = values[k];
            if (!(v >= 0 && v < bound)) {
                throw invalid("entry " + indexText(k) + " is " + (long) v + ", outside [0, " + bound + ") (" + what
                        + ")");
            }
            out[k] = (int) v;
        }
        return out;
    }
}
