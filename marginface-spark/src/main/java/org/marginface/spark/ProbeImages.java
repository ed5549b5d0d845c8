package org.marginface.spark;

import java.util.ArrayList;
import java.util.List;
import org.marginface.eval.ProbeIdentity;
import org.marginface.eval.ProbeRows;

/**
 * The probe images as the driver collects them from Parquet, grouped into marginface-eval's probe
 * rows: the distributed job ranks with the single-machine protocol's own code.
 */
final class ProbeImages {

    /** One probe image as collected on the driver. */
    record Image(String identity, float[] embedding) {}

    private ProbeImages() {}

    /** Probes from images grouped by identity (consecutive images of one identity form a group). */
    static ProbeRows rows(List<Image> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no probe identities: no identity has two or more images");
        }
        List<ProbeIdentity> identities = new ArrayList<>();
        List<float[]> group = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            group.add(images.get(i).embedding());
            if (i + 1 == images.size() || !images.get(i + 1).identity().equals(images.get(i).identity())) {
                identities.add(new ProbeIdentity(images.get(i).identity(), group));
                group = new ArrayList<>();
            }
        }
        return ProbeRows.of(identities, images.get(0).embedding().length);
    }
}
