package org.marginface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageListingTest {

    @TempDir
    Path tmp;

    @Test
    void partitionsAreConsecutiveRunsOfWholeBatches() {
        List<ImageRef> images = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            images.add(new ImageRef("/f" + i, "p" + i, "id"));
        }
        List<List<ImageRef>> runs = ImageListing.partitions(images, 3, 8);
        // 13 batches over 3 partitions: 5 batches (40 images) each, the last one short
        assertEquals(List.of(40, 40, 20), runs.stream().map(List::size).toList());
        assertEquals(images, runs.stream().flatMap(List::stream).toList());
        // more partitions than batches: one batch each
        assertEquals(List.of(32, 32, 32, 4), ImageListing.partitions(images, 50, 32).stream().map(List::size).toList());
        assertThrows(IllegalArgumentException.class, () -> ImageListing.partitions(images, 0, 8));
    }

    @Test
    void identityIsTheFolderAndPathIsTheNameMarginfaceEmbedWrites() throws IOException {
        for (String rel : List.of("Bob/Bob_0002.jpg", "Bob/Bob_0001.jpg", "Ann/sub/Ann_0001.png")) {
            Path file = tmp.resolve("tree").resolve(rel);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[] {1});
        }
        List<ImageRef> refs = ImageListing.of(tmp.resolve("tree"));
        assertEquals(List.of("Ann/sub/Ann_0001.png", "Bob/Bob_0001.jpg", "Bob/Bob_0002.jpg"),
                refs.stream().map(ImageRef::path).toList());
        assertEquals(List.of("sub", "Bob", "Bob"), refs.stream().map(ImageRef::identity).toList());
        assertEquals(tmp.resolve("tree/Bob/Bob_0001.jpg").toAbsolutePath().toString(), refs.get(1).file());
    }
}
