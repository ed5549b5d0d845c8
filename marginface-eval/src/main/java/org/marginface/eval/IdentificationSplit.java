package org.marginface.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which images are probes and which are distractors. From an image tree {@code root/<identity>/<image>}
 * (identity = folder name): identities with two or more images are probes, single images distractors.
 * For LFW that gives 1,680 probe identities (9,164 images) and 4,069 distractors; other trees whose
 * identities are disjoint from the probes' can add distractors.
 *
 * @param probes      images of each probe identity, identities and images in name order
 * @param distractors distractor images, in the order levels take them (a prefix per level)
 */
public record IdentificationSplit(Map<String, List<Path>> probes, List<Path> distractors) {

    public IdentificationSplit {
        Map<String, List<Path>> copy = new LinkedHashMap<>();
        probes.forEach((identity, images) -> copy.put(identity, List.copyOf(images)));
        probes = Collections.unmodifiableMap(copy);
        distractors = List.copyOf(distractors);
    }

    /** Probes and distractors of one image tree. */
    public static IdentificationSplit fromTree(Path root) throws IOException {
        Map<String, List<Path>> probes = new LinkedHashMap<>();
        List<Path> distractors = new ArrayList<>();
        imagesByIdentity(root).forEach((identity, images) -> {
            if (images.size() >= 2) {
                probes.put(identity, images);
            } else {
                distractors.addAll(images);
            }
        });
        return new IdentificationSplit(probes, distractors);
    }

    /** Every image of a tree {@code root/<identity>/<image>}, by identity, in name order. */
    public static Map<String, List<Path>> imagesByIdentity(Path root) throws IOException {
        Map<String, List<Path>> byIdentity = new TreeMap<>();
        try (Stream<Path> identities = Files.list(root)) {
            for (Path folder : identities.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    List<Path> images = files.filter(IdentificationSplit::isImage).sorted().toList();
                    if (!images.isEmpty()) {
                        byIdentity.put(folder.getFileName().toString(), images);
                    }
                }
            }
        }
        return byIdentity;
    }

    /** This split with {@code more} distractors after its own. */
    public IdentificationSplit withDistractors(Collection<Path> more) {
        List<Path> all = new ArrayList<>(distractors);
        all.addAll(more);
        return new IdentificationSplit(probes, all);
    }

    /**
     * This split with its distractors in a random order fixed by {@code seed}, so that each level's
     * prefix is a random subset (MegaFace's distractor sets grow as random subsets too).
     */
    public IdentificationSplit shuffledDistractors(long seed) {
        List<Path> shuffled = new ArrayList<>(distractors);
        Collections.shuffle(shuffled, new Random(seed));
        return new IdentificationSplit(probes, shuffled);
    }

    public int probeImages() {
        return probes.values().stream().mapToInt(List::size).sum();
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }
}
