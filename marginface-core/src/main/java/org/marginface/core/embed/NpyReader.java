package org.marginface.core.embed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the float32 N x D {@code .npy} files that {@link EmbeddingWriter} writes. */
public final class NpyReader {

    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\)");

    private NpyReader() {}

    public static float[][] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[1] != 'N' || bytes[6] != 1) {
            throw new IOException(file + ": not a NumPy 1.0 .npy file");
        }
        int headerLength = (bytes[8] & 0xff) | ((bytes[9] & 0xff) << 8);
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": expected little-endian float32 in C order, header " + header.strip());
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": expected a two-dimensional array, header " + header.strip());
        }
        int rows = Integer.parseInt(m.group(1));
        int cols = Integer.parseInt(m.group(2));
        int offset = 10 + headerLength;
        if (bytes.length - offset != 4L * rows * cols) {
            throw new IOException(file + ": " + (bytes.length - offset) + " data bytes for shape (" + rows + ", " + cols + ")");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, offset, bytes.length - offset).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[rows][cols];
        for (float[] row : out) {
            data.asFloatBuffer().get(row);
            data.position(data.position() + 4 * cols);
        }
        return out;
    }
}
