package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.marginface.core.testing.TestData;

class LfwPairsRealDataTest {

    @Test
    void theOfficialPairsNameSixThousandPairsOfExistingImages() throws IOException {
        Path pairsFile = TestData.require("lfw/pairs.txt");
        Path root = TestData.require("lfw/lfw-112x96");

        // read() fails, naming the line, if any image is missing
        LfwPairs pairs = LfwPairs.read(pairsFile, root);

        assertEquals(10, pairs.folds());
        assertEquals(300, pairs.pairsPerFold());
        assertEquals(6000, pairs.pairs().size());
        assertEquals(3000, pairs.pairs().stream().filter(LfwPair::same).count());
        for (int fold = 1; fold <= 10; fold++) {
            int f = fold;
            assertEquals(600, pairs.pairs().stream().filter(p -> p.fold() == f).count());
            assertEquals(300, pairs.pairs().stream().filter(p -> p.fold() == f && p.same()).count());
        }
        assertEquals(7701, pairs.images().size());
    }
}
