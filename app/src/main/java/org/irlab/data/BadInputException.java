package org.irlab.data;

/** Input data that cannot be used (malformed file, bad row, unsupported format); the message says where. */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) { super(message); }

    public BadInputException(String message, Throwable cause) { super(message, cause); }

    /** Line {@code line} of {@code source} is not UTF-8. */
    public static BadInputException notUtf8(String source, int line) {
        return new BadInputException(source + ": line " + line + " is not UTF-8 text (save the file as UTF-8)");
    }

    /** A text file that is not UTF-8, naming its first line that does not decode (lines are split at '\n' bytes). */
    public static BadInputException notUtf8(java.nio.file.Path file) {
        int line = 1;
        try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
            java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
            java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    try {
                        utf8.reset().decode(java.nio.ByteBuffer.wrap(current.toByteArray()));
                    } catch (java.nio.charset.CharacterCodingException e) {
                        return notUtf8(file.getFileName().toString(), line);
                    }
                    if (b < 0) break;
                    current.reset();
                    line++;
                } else {
                    current.write(b);
                }
            }
        } catch (java.io.IOException e) {
            // fall through: the file is not UTF-8 somewhere
        }
        return new BadInputException(file.getFileName() + ": not UTF-8 text (save the file as UTF-8)");
    }
}
