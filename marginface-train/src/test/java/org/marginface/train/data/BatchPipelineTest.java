package org.marginface.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.model.ModelInput;
import org.marginface.core.testing.TestData;
import org.marginface.train.config.AugmentConfig;

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

    @Test
    void augmentedBatchesDependOnlyOnTheSeedAndIterationNotOnThreads() throws Exception {
        Dataset dataset = celeba();
        TrainingImages decoder = new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(20)), false);
        AugmentConfig all = new AugmentConfig(4, 0.3, 0.3, 0.3, 0.3, 0.3, 1.5, 0.3, 0.4);
        Augmentations augmentations = new Augmentations(all, 5);
        Batch[] serial = new Batch[5];
        try (BatchPipeline one = new BatchPipeline(dataset, decoder, new SampleOrder(5, dataset.size()), true, 8, 0, 1, 1,
                augmentations)) {
            for (int i = 0; i < serial.length; i++) {
                serial[i] = one.next();
            }
        }
        try (BatchPipeline many = new BatchPipeline(dataset, decoder, new SampleOrder(5, dataset.size()), true, 8, 2, 3, 5,
                new Augmentations(all, 5));
                BatchPipeline otherSeed = new BatchPipeline(dataset, decoder, new SampleOrder(5, dataset.size()), true, 8, 2,
                        2, 2, new Augmentations(all, 6));
                BatchPipeline plain = new BatchPipeline(dataset, decoder, new SampleOrder(5, dataset.size()), true, 8, 2, 1,
                        1)) {
            for (int i = 2; i < serial.length; i++) {
                Batch b = many.next();
                assertArrayEquals(serial[i].pixels(), b.pixels(), "iteration " + i);
                assertArrayEquals(serial[i].labels(), b.labels());
                Batch other = otherSeed.next();
                assertArrayEquals(serial[i].labels(), other.labels(), "the augmentation seed leaves the order alone");
                assertFalse(Arrays.equals(serial[i].pixels(), other.pixels()), "another seed augments otherwise");
                assertFalse(Arrays.equals(serial[i].pixels(), plain.next().pixels()), "augmentations change the batch");
            }
        }
        // each image is the decoded file, augmented as drawn for its position, then mirrored and normalised
        SampleOrder order = new SampleOrder(5, dataset.size());
        int plane = 112 * 96;
        float[] expected = new float[3 * plane];
        for (int n = 0; n < 8; n++) {
            long position = 3 * 8 + n;
            byte[] rgb = decoder.decodeRgb(dataset.samples().get(order.sampleAt(position)).file());
            decoder.input().planes(Augmentations.apply(rgb, 112, 96, augmentations.drawAt(position)),
                    order.mirroredAt(position), expected, 0);
            assertArrayEquals(expected, Arrays.copyOfRange(serial[3].pixels(), n * 3 * plane, (n + 1) * 3 * plane));
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
