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

    /** A write whose rename fails (here: onto a non-empty directory) leaves no temporary file behind. */
    @Test
    void aFailedWriteRemovesItsTemporaryFile() throws Exception {
        Path blocked = tmp.resolve("summary.json");
        Files.createDirectories(blocked.resolve("inside"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomicFiles.write(blocked, "x"))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("summary.json");
        Writer w = AtomicFiles.open(blocked);
        w.write("y");
        org.assertj.core.api.Assertions.assertThatThrownBy(w::close).isInstanceOf(java.io.IOException.class);
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("summary.json");
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
