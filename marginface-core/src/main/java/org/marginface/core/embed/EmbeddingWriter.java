package org.marginface.core.embed;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Streams embeddings to a file, one row per image, in the format the file name asks for:
 * {@code .npy} (float32, N x D, with a sidecar {@code <file>.paths} listing the image names in row
 * order), {@code .csv} (name, then D values) or {@code .jsonl} (one JSON object per line). Rows go to
 * temporary files that are renamed into place by {@link #commit()}: a failed run leaves no partial
 * output behind.
 */
public final class EmbeddingWriter implements Closeable {

    /** The output formats. */
    public enum Format {
        NPY, CSV, JSONL;

        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".npy")) {
                return NPY;
            } else if (name.endsWith(".csv")) {
                return CSV;
            } else if (name.endsWith(".jsonl") || name.endsWith(".json")) {
                return JSONL;
            }
            throw new IllegalArgumentException(file + ": unknown output format; name it .npy, .csv or .jsonl");
        }
    }

    private final Path target;
    private final Path temp;
    private final Path pathsTarget;
    private final Path pathsTemp;
    private final Format format;
    private final int rows;
    private final int dimension;
    private final DataOutputStream binary;
    private final BufferedWriter text;
    private final BufferedWriter paths;
    private int written;
    private boolean committed;

    /**
     * @param rows how many rows will be written (the .npy header needs it up front)
     */
    public EmbeddingWriter(Path target, int rows, int dimension) throws IOException {
        this.target = target.toAbsolutePath();
        this.format = Format.of(target);
        this.rows = rows;
        this.dimension = dimension;
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        if (format == Format.NPY) {
            this.binary = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
            this.text = null;
            this.pathsTarget = Path.of(this.target + ".paths");
            this.pathsTemp = Files.createTempFile(dir, "." + pathsTarget.getFileName(), ".tmp");
            this.paths = Files.newBufferedWriter(pathsTemp, StandardCharsets.UTF_8);
            writeNpyHeader(binary, rows, dimension);
        } else {
            this.binary = null;
            this.text = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
            this.pathsTarget = null;
            this.pathsTemp = null;
            this.paths = null;
            if (format == Format.CSV) {
                text.write("path");
                for (int i = 0; i < dimension; i++) {
                    text.write(",e" + i);
                }
                text.write('\n');
            }
        }
    }

    /** Appends one row. */
    public void write(String name, float[] embedding) throws IOException {
        if (embedding.length != dimension) {
            throw new IllegalArgumentException("embedding of " + name + " has " + embedding.length + " values, expected " + dimension);
        }
        if (written == rows) {
            throw new IllegalStateException("more rows than the " + rows + " announced");
        }
        switch (format) {
            case NPY -> {
                ByteBuffer buf = ByteBuffer.allocate(4 * dimension).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(embedding);
                binary.write(buf.array());
                paths.write(name);
                paths.write('\n');
            }
            case CSV -> {
                text.write(csvField(name));
                for (float v : embedding) {
                    text.write(',');
                    text.write(Float.toString(v));
                }
                text.write('\n');
            }
            case JSONL -> {
                text.write("{\"path\":");
                text.write(jsonString(name));
                text.write(",\"embedding\":[");
                for (int i = 0; i < embedding.length; i++) {
                    if (i > 0) {
                        text.write(',');
                    }
                    text.write(Float.toString(embedding[i]));
                }
                text.write("]}\n");
            }
        }
        written++;
    }

    /** Closes the files and moves them into place; only now does the output appear. */
    public void commit() throws IOException {
        if (written != rows) {
            throw new IllegalStateException("wrote " + written + " rows, announced " + rows);
        }
        closeStreams();
        if (pathsTemp != null) {
            Files.move(pathsTemp, pathsTarget, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** Without a prior {@link #commit()}, discards everything written. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            closeStreams();
            Files.deleteIfExists(temp);
            if (pathsTemp != null) {
                Files.deleteIfExists(pathsTemp);
            }
        }
    }

    private void closeStreams() throws IOException {
        if (binary != null) {
            binary.close();
            paths.close();
        } else {
            text.close();
        }
    }

    /** NumPy format 1.0: magic, version, little-endian header length, a dict padded to 64 bytes. */
    static void writeNpyHeader(OutputStream out, int rows, int dimension) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + dimension + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = header.length();
        out.write(len & 0xff);
        out.write((len >> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
