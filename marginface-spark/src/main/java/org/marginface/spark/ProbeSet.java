package org.marginface.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe side of the identification protocol, small enough to broadcast: the images of every
 * identity with two or more of them, as unit rows, identity after identity.
 */
final class ProbeSet implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One probe image as collected on the driver. */
    record Image(String identity, float[] embedding) {}

    final int dimension;
    /** unit rows, row i at i * dimension */
    final float[] features;
    /** identity i owns rows start[i] .. start[i+1] */
    final int[] start;
    final String[] identities;

    private ProbeSet(int dimension, float[] features, int[] start, String[] identities) {
        this.dimension = dimension;
        this.features = features;
        this.start = start;
        this.identities = identities;
    }

    /** Probes from images grouped by identity (consecutive images of one identity form a group). */
    static ProbeSet of(List<Image> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no probe identities: no identity has two or more images");
        }
        int dimension = images.get(0).embedding().length;
        float[] features = new float[images.size() * dimension];
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            if (image.embedding().length != dimension) {
                throw new IllegalArgumentException("probe " + image.identity() + " has a " + image.embedding().length
                        + "-d embedding where the first probe has " + dimension);
            }
            if (i == 0 || !image.identity().equals(images.get(i - 1).identity())) {
                starts.add(i);
                names.add(image.identity());
            }
            System.arraycopy(image.embedding(), 0, features, i * dimension, dimension);
            Cosine.unitInPlace(features, i * dimension, dimension, "probe " + image.identity() + " image " + i);
        }
        starts.add(images.size());
        int[] start = starts.stream().mapToInt(Integer::intValue).toArray();
        for (int id = 0; id + 1 < start.length; id++) {
            if (start[id + 1] - start[id] < 2) {
                throw new IllegalArgumentException("probe identity " + names.get(id) + " has one image; probes need two");
            }
        }
        return new ProbeSet(dimension, features, start, names.toArray(String[]::new));
    }

    int count() {
        return features.length / dimension;
    }

    int identityCount() {
        return identities.length;
    }

    /** (query, gallery) trials: m(m-1) for an identity of m images. */
    long queries() {
        long n = 0;
        for (int id = 0; id < identityCount(); id++) {
            long m = start[id + 1] - start[id];
            n += m * (m - 1);
        }
        return n;
    }

    /**
     * The CMC curve to rank {@code ranks} from each probe's best distractor scores (descending,
     * {@code ranks} per probe): a query is a hit at rank r when fewer than r distractors score
     * strictly above its gallery image, so a distractor that ties the gallery image does not push it
     * down.
     */
    List<Double> cmc(float[] best, int ranks) {
        long[] queriesWithAbove = new long[ranks + 1];
        for (int id = 0; id < identityCount(); id++) {
            for (int query = start[id]; query < start[id + 1]; query++) {
                for (int gallery = start[id]; gallery < start[id + 1]; gallery++) {
                    if (gallery != query) {
                        float genuine = Cosine.dot(features, query * dimension, features, gallery * dimension, dimension);
                        int above = 0;
                        while (above < ranks && best[query * ranks + above] > genuine) {
                            above++;
                        }
                        queriesWithAbove[above]++;
                    }
                }
            }
        }
        List<Double> cmc = new ArrayList<>(ranks);
        long hits = 0;
        for (int r = 0; r < ranks; r++) {
            hits += queriesWithAbove[r];
            cmc.add(hits / (double) queries());
        }
        return cmc;
    }
}
