package org.marginface.serve;

import java.awt.image.BufferedImage;
import java.util.Base64;
import org.marginface.core.image.FaceImages;

/** Aligned crops as small JPEGs: kept in the gallery for thumbnails and shown by the page. */
final class FaceCrops {

    /** Quality 85: a 112 x 96 crop in 3-4 KB, clear enough to recognise the person. */
    private static final int QUALITY = 85;

    private FaceCrops() {}

    static byte[] jpeg(BufferedImage crop) {
        return FaceImages.jpeg(crop, QUALITY);
    }

    static String dataUri(BufferedImage crop) {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg(crop));
    }
}
