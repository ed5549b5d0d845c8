package org.marginface.train.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The identity behind each dense label, saved with every run as {@code labels.tsv}
 * ({@code label, identity, images}).
 *
 * @param identities identity names indexed by label
 * @param imageCounts images of each label
 */
public record LabelMap(List<String> identities, List<Integer> imageCounts) {

    public static final String FILE_NAME = "labels.tsv";

    public LabelMap {
        identities = List.copyOf(identities);
        imageCounts = List.copyOf(imageCounts);
        if (identities.size() != imageCounts.size()) {
            throw new IllegalArgumentException("identities and image counts differ in length");
        }
    }

    public int numClasses() {
        return identities.size();
    }

    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("label\tidentity\timages\n");
        for (int label = 0; label < identities.size(); label++) {
            sb.append(label).append('\t').append(identities.get(label)).append('\t')
                    .append(imageCounts.get(label)).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }
}
