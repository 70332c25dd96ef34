package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path tmp;

    @Test
    void writesWholeContentAndLeavesNoTemporaryFile() throws Exception {
        Path target = tmp.resolve("a/b/summary.json");
        AtomicFiles.write(target, "first");
        AtomicFiles.write(target, "second");
        try (Writer w = AtomicFiles.open(tmp.resolve("a/trace.csv"))) {
            w.write("iteration\n0\n");
            assertThat(tmp.resolve("a/trace.csv")).doesNotExist();
        }
        assertThat(Files.readString(target)).isEqualTo("second");
        assertThat(Files.readString(tmp.resolve("a/trace.csv"))).isEqualTo("iteration\n0\n");
        try (var files = Files.list(tmp.resolve("a/b"))) {
            assertThat(files).containsExactly(target);
        }
    }

    /** Regression: results were written owner-only (0600) because the temporary file came from createTempFile. */
    @Test
    void filesGetTheSamePermissionsAsAPlainNewFile() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(tmp.resolve("plain"));
        Path written = tmp.resolve("written");
        AtomicFiles.write(written, "x");
        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
