package org.irlab.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.irlab.experiment.AtomicFiles;

/** A {@link Store} in a local directory: files by temporary file and rename, the journal by appends. */
public final class LocalStore implements Store {
    private final Path dir;

    public LocalStore(Path dir) {
        this.dir = dir;
    }

    public Path directory() { return dir; }

    @Override public void write(String name, byte[] content) { AtomicFiles.write(dir.resolve(name), content); }

    @Override public synchronized void append(String name, String lines) {
        try {
            Files.createDirectories(dir);
            // one write of the whole record: a kill leaves it whole or as a torn last line, which readers drop
            Files.write(dir.resolve(name), lines.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    @Override public List<String> readLines(String name) {
        try {
            // decoded leniently: a torn record may end inside a character
            return new String(Files.readAllBytes(dir.resolve(name)), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    @Override public void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    @Override public String locate(String name) { return dir.resolve(name).toString(); }
}
