package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;

class IdentificationSplitTest {

    @Test
    void identitiesWithTwoImagesAreProbesSinglesAreDistractors(@TempDir Path root) throws IOException {
        for (String image : List.of("B/B_0002.jpg", "B/B_0001.jpg", "A/A_0001.jpg", "C/C_0001.jpg",
                "C/C_0002.jpg", "C/C_0003.jpg", "C/notes.txt", "D/D_0001.png")) {
            Files.createDirectories(root.resolve(image).getParent());
            Files.write(root.resolve(image), new byte[] {1});
        }
        IdentificationSplit split = IdentificationSplit.fromTree(root);

        assertEquals(List.of("B", "C"), List.copyOf(split.probes().keySet()));
        assertEquals(List.of(root.resolve("B/B_0001.jpg"), root.resolve("B/B_0002.jpg")), split.probes().get("B"));
        assertEquals(3, split.probes().get("C").size());
        assertEquals(List.of(root.resolve("A/A_0001.jpg"), root.resolve("D/D_0001.png")), split.distractors());
        assertEquals(5, split.probeImages());

        IdentificationSplit more = split.withDistractors(List.of(Path.of("/celeba/x.jpg")));
        assertEquals(3, more.distractors().size());
        IdentificationSplit shuffled = more.shuffledDistractors(1);
        assertEquals(new HashSet<>(more.distractors()), new HashSet<>(shuffled.distractors()));
        assertEquals(shuffled, more.shuffledDistractors(1));
    }

    @Test
    void lfwHas1680ProbeIdentitiesAnd4069Distractors() throws IOException {
        IdentificationSplit split = IdentificationSplit.fromTree(TestData.require("lfw/lfw-112x96"));
        assertEquals(1680, split.probes().size());
        assertEquals(9164, split.probeImages());
        assertEquals(4069, split.distractors().size());
        Map.Entry<String, List<Path>> largest = split.probes().entrySet().stream()
                .max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size())).orElseThrow();
        assertEquals("George_W_Bush", largest.getKey());
        assertEquals(530, largest.getValue().size());
        assertNotEquals(split.distractors(), split.shuffledDistractors(7).distractors());
    }
}
