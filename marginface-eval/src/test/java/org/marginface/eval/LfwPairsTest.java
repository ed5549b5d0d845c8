package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwPairsTest {

    private static final Path ROOT = Path.of("/data/lfw-112x96");

    @Test
    void readsFoldsLabelsAndZeroPaddedImagesInFileOrder() {
        LfwPairs pairs = LfwPairs.parse(List.of(
                "2\t1",
                "Abel_Pacheco\t1\t4",
                "Abdel_Madi_Shabneh\t1\tDean_Barker\t12",
                "",
                "Zico 2 3",
                "Mary-Kate_Olsen 1 Abel_Pacheco 4"), ROOT);

        assertEquals(2, pairs.folds());
        assertEquals(1, pairs.pairsPerFold());
        assertEquals(4, pairs.pairs().size());
        LfwPair first = pairs.pairs().get(0);
        assertEquals(new LfwPair(2, 1, ROOT.resolve("Abel_Pacheco/Abel_Pacheco_0001.jpg"),
                ROOT.resolve("Abel_Pacheco/Abel_Pacheco_0004.jpg"), true), first);
        LfwPair mismatched = pairs.pairs().get(1);
        assertFalse(mismatched.same());
        assertEquals(ROOT.resolve("Dean_Barker/Dean_Barker_0012.jpg"), mismatched.second());
        // the blank line counts for line numbers but not for folds
        assertEquals(5, pairs.pairs().get(2).line());
        assertEquals(2, pairs.pairs().get(2).fold());
        assertEquals(2, pairs.pairs().get(3).fold());
        assertEquals("Abel_Pacheco/Abel_Pacheco_0004.jpg", pairs.relative(first.second()));
    }

    @Test
    void listsEachImageOnceInOrderOfFirstAppearance() {
        LfwPairs pairs = LfwPairs.parse(List.of("1 1", "A 1 2", "B 1 A 2"), ROOT);
        assertEquals(List.of(ROOT.resolve("A/A_0001.jpg"), ROOT.resolve("A/A_0002.jpg"),
                ROOT.resolve("B/B_0001.jpg")), pairs.images());
    }

    @Test
    void namesTheLineOfAMalformedPair() {
        LfwPairsException e = assertThrows(LfwPairsException.class,
                () -> LfwPairs.parse(List.of("1 1", "A 1 2", "B x C 1"), ROOT));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        e = assertThrows(LfwPairsException.class,
                () -> LfwPairs.parse(List.of("1 1", "A 1 2 3 4 5", "B 1 C 1"), ROOT));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void rejectsCountsThatDisagreeWithTheHeader() {
        assertThrows(LfwPairsException.class, () -> LfwPairs.parse(List.of("1 1", "A 1 2"), ROOT));
        assertThrows(LfwPairsException.class,
                () -> LfwPairs.parse(List.of("1 1", "A 1 2", "B 1 C 1", "D 1 2"), ROOT));
        // two matched pairs in a fold that should hold one of each
        LfwPairsException e = assertThrows(LfwPairsException.class,
                () -> LfwPairs.parse(List.of("1 1", "A 1 2", "D 1 2"), ROOT));
        assertTrue(e.getMessage().contains("fold 1"), e.getMessage());
    }

    @Test
    void aMissingImageIsAnErrorNamingItsLine(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("lfw-112x96");
        for (String image : List.of("A/A_0001.jpg", "A/A_0002.jpg", "B/B_0001.jpg")) {
            Files.createDirectories(root.resolve(image).getParent());
            Files.write(root.resolve(image), new byte[] {1});
        }
        Path pairsFile = dir.resolve("pairs.txt");
        Files.write(pairsFile, List.of("1 2", "A 1 2", "A 2 1", "A 1 B 1", "B 1 C 1"));

        LfwPairsException e = assertThrows(LfwPairsException.class, () -> LfwPairs.read(pairsFile, root));
        assertTrue(e.getMessage().contains("line 5"), e.getMessage());
        assertTrue(e.getMessage().contains("C/C_0001.jpg"), e.getMessage());

        Files.write(root.resolve("B/B_0002.jpg"), new byte[] {1});
        Files.write(pairsFile, List.of("1 2", "A 1 2", "A 2 1", "A 1 B 1", "B 2 A 1"));
        assertEquals(4, LfwPairs.read(pairsFile, root).pairs().size());
    }
}
