package org.irlab.experiment;

/**
 * What to record along the trajectory.
 *
 * @param every record a trace row every this many iterations (and always the first and last iterate)
 */
public record RecordSpec(int every) {
    public static RecordSpec read(SpecNode s) {
        RecordSpec r = new RecordSpec(s.integer("every", 1, 1, Integer.MAX_VALUE));
        s.finish();
        return r;
    }
}
