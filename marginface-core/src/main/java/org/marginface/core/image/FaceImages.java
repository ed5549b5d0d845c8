package org.marginface.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decoding of face images and the network's input scaling. */
public final class FaceImages {

    /** The paper's input scaling: (x − 127.5) / 128, per channel, RGB. */
    public static final float MEAN = 127.5f;
    public static final float SCALE = 1f / 128f;

    private FaceImages() {}

    /**
     * Decodes a JPEG or PNG file.
     *
     * @throws IOException naming the file when it is missing, empty, truncated or not an image
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such image file");
        }
        if (Files.size(file) == 0) {
            throw new IOException(file + ": empty file");
        }
        BufferedImage image;
        try (InputStream in = Files.newInputStream(file)) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException(file + ": not a JPEG or PNG image");
        }
        return image;
    }

    /**
     * The image as network input: 3 x H x W floats, RGB, scaled by {@link #MEAN} and {@link #SCALE}.
     * Grey images are repeated over the three channels; alpha is ignored.
     */
    public static float[] toInput(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int plane = h * w;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[i] = (((p >> 16) & 0xff) - MEAN) * SCALE;
            chw[plane + i] = (((p >> 8) & 0xff) - MEAN) * SCALE;
            chw[2 * plane + i] = ((p & 0xff) - MEAN) * SCALE;
        }
        return chw;
    }

    /** Throws unless the image has exactly the model's input size. */
    public static void requireSize(BufferedImage image, int height, int width, Object source) throws IOException {
        if (image.getHeight() != height || image.getWidth() != width) {
            throw new IOException(source + ": image is " + image.getWidth() + "x" + image.getHeight()
                    + " (width x height) but the model takes aligned " + width + "x" + height
                    + " faces; align it first (marginface align)");
        }
    }
}
