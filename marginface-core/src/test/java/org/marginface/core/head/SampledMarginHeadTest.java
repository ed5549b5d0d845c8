package org.marginface.core.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.marginface.core.engine.Engines;

class SampledMarginHeadTest {

    static final long[] LABELS = {3, 17, 3, 42, 99, 0};

    @Test
    void atRateOneLossAndGradientsEqualTheFullHead() {
        Engines.pytorch();
        for (HeadSpec spec : new HeadSpec[] {HeadSpec.AmSoftmax.paper(), new HeadSpec.ArcFace(30, 0.5)}) {
            try (NDManager m = NDManager.newBaseManager();
                    SampledMarginHead head = new SampledMarginHead(spec, 100, 16, 1.0, 0.9, 5e-4, 1, m)) {
                NDArray features = m.randomNormal(new Shape(LABELS.length, 16));
                features.setRequiresGradient(true);
                NDArray fullWeights = head.weights().duplicate();
                fullWeights.setRequiresGradient(true);
                NDArray labels = m.create(LABELS);
                float fullLoss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = Margins.crossEntropy(spec.logits(features, fullWeights, null, labels, 0), labels);
                    gc.backward(loss);
                    fullLoss = loss.getFloat();
                }
                float[] fullFeatureGrad = features.getGradient().toFloatArray();
                float[] fullWeightGrad = fullWeights.getGradient().toFloatArray();
                features.getGradient().muli(0);

                SampledMarginHead.Sample sample = head.sample(LABELS, m);
                assertEquals(100, sample.classes());
                float sampledLoss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = sample.loss(features, 0);
                    gc.backward(loss);
                    sampledLoss = loss.getFloat();
                }
                assertEquals(fullLoss, sampledLoss, 1e-6f * Math.abs(fullLoss));
                assertArrayEquals(fullFeatureGrad, features.getGradient().toFloatArray(), 1e-6f);
                assertArrayEquals(fullWeightGrad, sample.centres().getGradient().toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void centresStartAsTheFullHeadsDoAtTheSameSeed() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager();
                SampledMarginHead sampled = new SampledMarginHead(HeadSpec.AmSoftmax.paper(), 100, 16, 0.1, 0.9, 5e-4, 7, m);
                SampledMarginHead again = new SampledMarginHead(HeadSpec.AmSoftmax.paper(), 100, 16, 0.1, 0.9, 5e-4, 7, m)) {
            ClassifierHead full = new ClassifierHead(HeadSpec.AmSoftmax.paper(), 100, 16);
            full.initialize(m, 7);
            assertArrayEquals(full.classWeights().toFloatArray(), sampled.weights().toFloatArray());
            assertArrayEquals(sampled.weights().toFloatArray(), again.weights().toFloatArray());
        }
    }

    @Test
    void refusalsNameTheConfigKey() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException softmax = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new SampledMarginHead(new HeadSpec.Softmax(), 100, 16, 0.5, 0.9, 5e-4, 7, m));
            assertEquals("head.sampleRate: class sampling needs a cosine head (normface, sphereface, amsoftmax, arcface, "
                    + "combined), not softmax with a bias", softmax.getMessage());
            IllegalArgumentException zero = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new SampledMarginHead(HeadSpec.AmSoftmax.paper(), 100, 16, 0, 0.9, 5e-4, 7, m));
            assertTrue(zero.getMessage().startsWith("head.sampleRate must be in (0, 1]"), zero.getMessage());
        }
    }

    @Test
    void aSmallRateSamplesTheLabelsAndUpdatesOnlyTheSampledRows() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager();
                SampledMarginHead head = new SampledMarginHead(HeadSpec.AmSoftmax.paper(), 1000, 8, 0.1, 0.9, 0.01, 2, m)) {
            float[] before = head.weights().toFloatArray();
            SampledMarginHead.Sample sample = head.sample(LABELS, m);
            assertEquals(100, sample.classes());
            NDArray features = m.randomNormal(new Shape(LABELS.length, 8));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(sample.loss(features, 0));
            }
            float[] grad = sample.centres().getGradient().toFloatArray();
            float[] centres = sample.centres().toFloatArray();
            sample.update(0.1);
            float[] after = head.weights().toFloatArray();
            long[] rows = sample.rows();
            java.util.Set<Long> sampled = new java.util.HashSet<>();
            for (long r : rows) {
                sampled.add(r);
            }
            for (long label : LABELS) {
                assertTrue(sampled.contains(label), "label " + label + " not sampled");
            }
            for (int c = 0; c < 1000; c++) {
                for (int d = 0; d < 8; d++) {
                    int i = c * 8 + d;
                    if (!sampled.contains((long) c)) {
                        assertEquals(before[i], after[i], "unsampled row " + c + " changed");
                    }
                }
            }
            // first step from zero velocity: w - lr (g + wd w)
            for (int k = 0; k < rows.length; k++) {
                for (int d = 0; d < 8; d++) {
                    float w = centres[k * 8 + d];
                    float expected = (float) (w - 0.1 * (grad[k * 8 + d] + 0.01 * w));
                    assertEquals(expected, after[(int) rows[k] * 8 + d], 1e-6f);
                }
            }
        }
    }
}
