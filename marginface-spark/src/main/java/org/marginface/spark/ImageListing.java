package org.marginface.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.marginface.core.image.ImageSet;

/** The images of an embedding job, listed on the driver and cut into partitions. */
public final class ImageListing {

    private ImageListing() {}

    /**
     * The images of a directory tree or list file (see {@link ImageSet#of}), in the same order as
     * {@code marginface embed} takes them, each with the name of its folder as identity.
     */
    public static List<ImageRef> of(Path input) throws IOException {
        ImageSet set = ImageSet.of(input);
        List<ImageRef> refs = new ArrayList<>(set.size());
        for (ImageSet.Entry entry : set.entries()) {
            Path file = entry.file().toAbsolutePath().normalize();
            Path folder = file.getParent() == null ? null : file.getParent().getFileName();
            refs.add(new ImageRef(file.toString(), entry.name(), folder == null ? "" : folder.toString()));
        }
        return refs;
    }

    /**
     * Consecutive runs of images, one per partition, each a multiple of {@code batch} images long
     * (except the last). Aligned runs make every network call see the same batch as a single-machine
     * run in the same order would, so the features agree to the bit rather than to rounding.
     */
    public static List<List<ImageRef>> partitions(List<ImageRef> images, int partitions, int batch) {
        if (partitions < 1 || batch < 1) {
            throw new IllegalArgumentException("partitions and batch must be positive, got " + partitions + " and " + batch);
        }
        int batches = (images.size() + batch - 1) / batch;
        int batchesPerPartition = Math.max(1, (batches + partitions - 1) / partitions);
        int run = batchesPerPartition * batch;
        List<List<ImageRef>> out = new ArrayList<>();
        for (int from = 0; from < images.size(); from += run) {
            out.add(List.copyOf(images.subList(from, Math.min(images.size(), from + run))));
        }
        return out;
    }
}
