package org.irlab.sweep;

import java.io.Serializable;

/**
 * One run of a sweep as shipped to an engine: its row, the key its result is recorded under, its resolved run
 * spec (JSON) and its expected cost (for balancing partitions).
 *
 * @param key  a hash of the spec (without its name) and the measures: equal keys give equal rows
 * @param spec the resolved run spec, every default explicit
 */
public record Job(int row, String key, String spec, double cost) implements Serializable {}
