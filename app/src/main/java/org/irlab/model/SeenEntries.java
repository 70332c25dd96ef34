package org.irlab.model;

import java.io.IOException;

/**
 * The entries a model was fitted on as CSR by user (user u saw items[start[u] … start[u+1]), ascending), wherever
 * they live: the starts here (n₁ + 1), the items read in user order, block by block.
 */
public interface SeenEntries {
    /** Receives items[from … to) of the next users in order (read-only, valid during the call only). */
    @FunctionalInterface
    interface Items {
        void accept(int[] items, int from, int to) throws IOException;
    }

    /** start[u] for u = 0 … n₁ (start[n₁] = the number of entries). */
    int[] start();

    /** Hands every item to {@code items} once, in user order. */
    void forEach(Items items) throws IOException;

    /** The entries of arrays held here (not copied). */
    static SeenEntries of(int[] start, int[] items) {
        return new SeenEntries() {
            @Override public int[] start() { return start; }

            @Override public void forEach(Items sink) throws IOException { sink.accept(items, 0, items.length); }
        };
    }
}
