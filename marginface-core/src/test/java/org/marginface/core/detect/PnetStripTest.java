package org.marginface.core.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.marginface.core.engine.Engines;
import org.marginface.core.testing.TestModels;

class PnetStripTest {

    @Test
    void outputLengthFollowsCaffeShapes() {
        assertEquals(1, PnetStrip.outputLength(12));
        assertEquals(2, PnetStrip.outputLength(13)); // ceil-mode pooling keeps the half window
        assertEquals(2, PnetStrip.outputLength(14));
        assertEquals(45, PnetStrip.outputLength(100));
    }

    @Test
    void stripsCoverEveryOutputRowOnce() {
        List<PnetStrip> strips = PnetStrip.cover(61, 20, 400);
        int next = 0;
        for (PnetStrip s : strips) {
            assertEquals(next, s.firstOutputRow());
            assertEquals(2 * s.firstOutputRow(), s.firstInputRow());
            next += s.outputRows();
        }
        assertEquals(PnetStrip.outputLength(61), next);
        PnetStrip last = strips.get(strips.size() - 1);
        assertEquals(61, last.firstInputRow() + last.inputRows());
        assertEquals(1, PnetStrip.cover(12, 12, 1).size());
    }

    /** P-Net on strips gives the same maps as on the whole input, including the partial last window. */
    @Test
    void stripsReproduceTheWholeInput() throws Exception {
        Engines.pytorch();
        MtcnnModels models = MtcnnModels.load(TestModels.require("mtcnn"));
        int rows = 61;
        int cols = 23;
        float[] input = new float[3 * rows * cols];
        Random random = new Random(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() * 2 - 1;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            MtcnnNet pnet = MtcnnNet.pnet().load(models.pnet(), manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray whole = pnet.forward(store, new NDList(manager.create(input, new Shape(1, 3, rows, cols))), false).get(1);
            int outCols = (int) whole.getShape().get(3);
            float[] expected = whole.toFloatArray();
            float[] stitched = new float[expected.length];
            int outRows = PnetStrip.outputLength(rows);
            for (PnetStrip s : PnetStrip.cover(rows, cols, 300)) {
                NDArray x = manager.create(s.slice(input, cols), new Shape(1, 3, s.inputRows(), cols));
                float[] part = pnet.forward(store, new NDList(x), false).get(1).toFloatArray();
                for (int ch = 0; ch < 4; ch++) {
                    System.arraycopy(part, ch * s.outputRows() * outCols, stitched,
                            (ch * outRows + s.firstOutputRow()) * outCols, s.outputRows() * outCols);
                }
            }
            assertArrayEquals(expected, stitched, 1e-5f);
        }
    }
}
