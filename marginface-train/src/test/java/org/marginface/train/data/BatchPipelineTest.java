package org.marginface.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.model.ModelInput;
import org.marginface.core.testing.TestData;

class BatchPipelineTest {

    @Test
    void batchesDependOnlyOnTheIterationNotOnThreadsOrTheStartingPoint() throws Exception {
        Dataset dataset = celeba();
        TrainingImages decoder = new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(20)), false);
        SampleOrder order = new SampleOrder(5, dataset.size());
        Batch[] serial = new Batch[6];
        try (BatchPipeline one = new BatchPipeline(dataset, decoder, order, true, 8, 0, 1, 1)) {
            for (int i = 0; i < serial.length; i++) {
                serial[i] = one.next();
                assertEquals(i, serial[i].iteration());
            }
        }
        try (BatchPipeline many = new BatchPipeline(dataset, decoder, new SampleOrder(5, dataset.size()), true, 8, 3, 3, 5)) {
            for (int i = 3; i < serial.length; i++) {
                Batch b = many.next();
                assertEquals(i, b.iteration());
                assertArrayEquals(serial[i].pixels(), b.pixels());
                assertArrayEquals(serial[i].labels(), b.labels());
            }
        }
    }

    @Test
    void pixelsAreScaledAndMirroredAsThePaperDoes() throws Exception {
        Dataset dataset = celeba();
        TrainingImages decoder = new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(20)), false);
        SampleOrder order = new SampleOrder(11, dataset.size());
        try (BatchPipeline plain = new BatchPipeline(dataset, decoder, order, false, 16, 0, 1, 1);
                BatchPipeline mirrored = new BatchPipeline(dataset, decoder, order, true, 16, 0, 1, 1)) {
            Batch a = plain.next();
            Batch b = mirrored.next();
            int plane = 112 * 96;
            int flips = 0;
            for (int n = 0; n < 16; n++) {
                Sample s = dataset.samples().get(order.sampleAt(n));
                assertEquals(s.label(), a.labels()[n]);
                byte[] rgb = decoder.decodeRgb(s.file());
                // channel 1 (green) of pixel (y = 50, x = 10)
                float expected = ((rgb[3 * (50 * 96 + 10) + 1] & 0xFF) - 127.5f) / 128f;
                assertEquals(expected, a.pixels()[n * 3 * plane + plane + 50 * 96 + 10], 0f);
                boolean flipped = order.mirroredAt(n);
                flips += flipped ? 1 : 0;
                float mirroredValue = b.pixels()[n * 3 * plane + plane + 50 * 96 + (flipped ? 95 - 10 : 10)];
                assertEquals(expected, mirroredValue, 0f);
            }
            assertTrue(flips > 0 && flips < 16, "a batch of 16 has some flipped and some plain images: " + flips);
        }
    }

    static Dataset celeba() throws IOException {
        Path list = TestData.require("celeba/celeba-112x96-list.txt");
        Dataset all = Dataset.fromList(list, list.getParent().resolve("celeba-112x96"));
        assertEquals(11931, all.size());
        assertEquals(493, all.labels().numClasses());
        assertEquals("82", all.labels().identities().get(0));
        return all;
    }
}
