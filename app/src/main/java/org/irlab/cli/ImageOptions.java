package org.irlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.irlab.data.BadInputException;
import picocli.CommandLine.Option;

/** The options of an image input: which pixels are hidden, and the colour planes. */
final class ImageOptions {
    @Option(names = "--mask", paramLabel = "FILE", description = "images: mask image, white = observed, black = hidden")
    Path mask;

    @Option(names = "--missing", paramLabel = "FRACTION", description = "images: hide this random fraction of pixels (default 0.5)")
    Double missing;

    @Option(names = "--channels", paramLabel = "auto|gray|rgb", description = "images: one gray plane or three colour planes (default auto)")
    String channels = "auto";

    /** Refuses impossible combinations, naming the options. */
    void check() {
        if (mask != null && missing != null) throw new BadInputException("give --mask or --missing, not both");
        if (missing != null && !(missing > 0 && missing < 1)) {
            throw new BadInputException("--missing must be in (0, 1), got " + missing);
        }
    }

    /** Puts the options into a comparison spec (keys mask or missing, channels). */
    void putInto(ObjectNode spec) {
        check();
        if (mask != null) spec.put("mask", mask.toString()); else spec.put("missing", missing != null ? missing : 0.5);
        spec.put("channels", channels.toLowerCase(Locale.ROOT));
    }
}
