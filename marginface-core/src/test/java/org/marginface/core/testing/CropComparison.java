package org.marginface.core.testing;

import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Compares aligned crops with reference crops: the mean absolute difference per channel value of
 * one image pair, and its mean and maximum over many pairs (what the alignment acceptance asks for).
 */
public final class CropComparison {

    private int count;
    private double sum;
    private double max = -1;
    private String worst = "";

    /** The mean absolute difference of R, G and B over all pixels, in grey levels. */
    public static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new AssertionError("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x" + b.getHeight());
        }
        long total = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    total += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return total / (3.0 * a.getWidth() * a.getHeight());
    }

    /** Adds one pair and returns its difference. */
    public double add(String name, BufferedImage aligned, BufferedImage reference) {
        double d = meanAbsoluteDifference(aligned, reference);
        count++;
        sum += d;
        if (d > max) {
            max = d;
            worst = name;
        }
        return d;
    }

    public int count() {
        return count;
    }

    public double mean() {
        return sum / count;
    }

    public double max() {
        return max;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d images: mean absolute difference %.3f grey levels, max %.3f (%s)",
                count, mean(), max, worst);
    }
}
