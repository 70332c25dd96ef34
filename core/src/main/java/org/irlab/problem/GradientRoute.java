package org.irlab.problem;

/**
 * How a sensing objective computes its gradient: {@code DIRECT} passes over the N measurement rows (residuals, then
 * their weighted sum); {@code GRAM} applies the measurement operator's Gram matrix, formed once, to the change of
 * the lifted iterate since an anchor point; {@code AUTO} takes the Gram route when it needs fewer flops per step.
 */
public enum GradientRoute { AUTO, DIRECT, GRAM }
