package org.marginface.core.align;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.util.Objects;

/**
 * Aligns a face: the least-squares similarity transform from its five landmarks onto a template,
 * then bilinear resampling of the image into the template's size. Pixels that fall outside the
 * source image are black. The one implementation of alignment in marginface: the {@code align}
 * command uses it, and so must everything else that crops faces (the embedder, the service), so that
 * a face is cropped the same way for training and for recognition. Immutable and thread-safe.
 *
 * <h2>Sampling convention</h2>
 * The reference crops in {@code lfw/lfw-112x96} and {@code celeba/celeba-112x96} (the training data)
 * are reproduced best by this convention, which is therefore the one used everywhere:
 * <ul>
 *   <li>Coordinates, of landmarks and templates alike, put pixel (i, j)'s area at [j, j+1) × [i, i+1):
 *       its centre is at (j + 0.5, i + 0.5). Output pixel (row, col) takes the value at the source
 *       point that the inverse transform sends (col + 0.5, row + 0.5) to.
 *   <li>A sample point outside the source image's area [0, w) × [0, h) gives black. Inside it,
 *       bilinear interpolation between the four nearest pixel centres, with the edge pixels repeated
 *       for the half-pixel rim beyond the outermost centres (so the image ends with a hard edge, not
 *       a fade to black).
 *   <li>The interpolated value is truncated to an integer, not rounded (after adding
 *       {@link #TRUNCATION_SLACK}, so that a value that is exactly an integer in exact arithmetic does
 *       not drop by one level through rounding errors of the estimated transform).
 * </ul>
 * The convention was chosen by measuring variants against those crops (docs/design.md, "Alignment");
 * {@code ReferenceCropsTest} checks the kept convention's figures.
 */
public final class FaceAligner {

    /** Far above the few 1e-12 of error in an interpolated value, far below anything visible. */
    static final double TRUNCATION_SLACK = 1e-6;

    private final AlignmentTemplate template;

    public FaceAligner(AlignmentTemplate template) {
        this.template = Objects.requireNonNull(template, "template");
    }

    public AlignmentTemplate template() {
        return template;
    }

    /** The transform from image coordinates to template coordinates for these landmarks. */
    public SimilarityTransform transform(FaceLandmarks landmarks) {
        return SimilarityTransform.estimate(landmarks.points(), template.landmarks().points());
    }

    /** The aligned crop, {@code TYPE_3BYTE_BGR}, of the template's size. */
    public BufferedImage align(BufferedImage image, FaceLandmarks landmarks) {
        return warp(BgrPixels.of(image), transform(landmarks));
    }

    /** Resamples {@code source} into the template frame; {@code imageToTemplate} maps source to crop coordinates. */
    BufferedImage warp(BgrPixels source, SimilarityTransform imageToTemplate) {
        int outW = template.width();
        int outH = template.height();
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        SimilarityTransform back = imageToTemplate.inverse();
        byte[] src = source.bgr();
        int w = source.width();
        int h = source.height();
        int stride = 3 * w;
        int o = 0;
        for (int row = 0; row < outH; row++) {
            Point rowStart = back.apply(new Point(0.5, row + 0.5));
            for (int col = 0; col < outW; col++, o += 3) {
                // moving one pixel right in the crop moves (a, b) in the source
                double xin = rowStart.x() + col * back.a();
                double yin = rowStart.y() + col * back.b();
                if (!(xin >= 0 && yin >= 0 && xin < w && yin < h)) {
                    continue; // outside the source: stays black (the array starts zeroed)
                }
                double u = xin - 0.5;
                double v = yin - 0.5;
                int x0 = (int) Math.floor(u);
                int y0 = (int) Math.floor(v);
                double fx = u - x0;
                double fy = v - y0;
                int left = Math.max(x0, 0);
                int right = Math.min(x0 + 1, w - 1);
                int top = Math.max(y0, 0);
                int bottom = Math.min(y0 + 1, h - 1);
                int p00 = top * stride + 3 * left;
                int p01 = top * stride + 3 * right;
                int p10 = bottom * stride + 3 * left;
                int p11 = bottom * stride + 3 * right;
                for (int ch = 0; ch < 3; ch++) {
                    int a00 = src[p00 + ch] & 0xff;
                    int a10 = src[p10 + ch] & 0xff;
                    double upper = a00 + ((src[p01 + ch] & 0xff) - a00) * fx;
                    double lower = a10 + ((src[p11 + ch] & 0xff) - a10) * fx;
                    dst[o + ch] = (byte) (int) (upper + (lower - upper) * fy + TRUNCATION_SLACK);
                }
            }
        }
        return out;
    }

    /** An image's pixels as packed 8-bit B, G, R, row by row with no padding. */
    record BgrPixels(int width, int height, byte[] bgr) {

        static BgrPixels of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            Raster raster = image.getRaster();
            // ImageIO decodes colour JPEGs to exactly this layout: use its array without a copy
            if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && raster.getDataBuffer() instanceof DataBufferByte data
                    && data.getNumBanks() == 1 && data.getData().length == 3 * w * h
                    && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
                return new BgrPixels(w, h, data.getData());
            }
            byte[] bgr = new byte[3 * w * h];
            if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                // raw grey samples: getRGB would pass them through a linear-gamma grey colour space and brighten them
                int[] grey = raster.getSamples(0, 0, w, h, 0, (int[]) null);
                for (int i = 0; i < grey.length; i++) {
                    bgr[3 * i] = bgr[3 * i + 1] = bgr[3 * i + 2] = (byte) grey[i];
                }
                return new BgrPixels(w, h, bgr);
            }
            int[] rgb = new int[w];
            for (int y = 0, o = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, rgb, 0, w);
                for (int x = 0; x < w; x++, o += 3) {
                    bgr[o] = (byte) rgb[x];
                    bgr[o + 1] = (byte) (rgb[x] >> 8);
                    bgr[o + 2] = (byte) (rgb[x] >> 16);
                }
            }
            return new BgrPixels(w, h, bgr);
        }
    }
}
