package org.marginface.core.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marginface.core.engine.Engines;

/** {@code head.sampleRate}: the trainable head scores a sample of the classes in training. */
class ClassifierHeadSamplingTest {

    static final long[] LABELS = {3, 17, 3, 42, 99, 0};
    static final int C = 200;
    static final int D = 8;

    @BeforeAll
    static void engine() {
        Engines.pytorch();
    }

    /** Loss, logits' width and the weight gradient of one training forward. */
    private record Step(float loss, long columns, float[] weightGradient, float[] featureGradient) {}

    private static Step step(ClassifierHead head, NDManager m, long iteration) {
        try (NDManager scope = m.newSubManager()) {
            head.setIteration(iteration);
            java.util.SplittableRandom random = new java.util.SplittableRandom(5);
            float[] values = new float[LABELS.length * D];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() * 2 - 1);
            }
            NDArray features = scope.create(values, new Shape(LABELS.length, D));
            features.setRequiresGradient(true);
            ParameterStore store = new ParameterStore(scope, false);
            NDArray weight = head.classWeights();
            weight.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = head.forward(store, new NDList(features, scope.create(LABELS)), true);
                gc.backward(out.get(0));
                return new Step(out.get(0).getFloat(), out.get(1).getShape().get(1), weight.getGradient().toFloatArray(),
                        features.getGradient().toFloatArray());
            }
        }
    }

    private static ClassifierHead head(NDManager m, HeadSpec spec, double rate) {
        ClassifierHead head = new ClassifierHead(spec, C, D);
        head.initialize(m, 3);
        head.sampleClasses(rate, 11);
        return head;
    }

    @Test
    void aTrainingForwardScoresTheLabelsPlusASampleAndLeavesOtherCentresWithoutGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassifierHead head = head(m, HeadSpec.AmSoftmax.paper(), 0.1);
            Step s = step(head, m, 7);
            assertEquals(20, s.columns());
            Set<Integer> touched = new HashSet<>();
            for (int c = 0; c < C; c++) {
                for (int d = 0; d < D; d++) {
                    if (s.weightGradient()[c * D + d] != 0) {
                        touched.add(c);
                    }
                }
            }
            for (long label : LABELS) {
                assertTrue(touched.contains((int) label), "label " + label + " got no gradient");
            }
            assertEquals(20, touched.size(), "only the sampled centres get a gradient");
            // a function of (seed, iteration): a resumed run draws the same classes
            assertArrayEquals(s.weightGradient(), step(head(m, HeadSpec.AmSoftmax.paper(), 0.1), m, 7).weightGradient());
            // the full head (and inference) is unchanged by sampling
            var eval = head.forward(new ParameterStore(m, false),
                    new NDList(m.randomNormal(new Shape(2, D)), m.create(new long[] {1, 2})), false);
            assertEquals(new Shape(2, C), eval.get(1).getShape());
        }
    }

    @Test
    void atRateOneTheStepIsTheFullHeads() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassifierHead full = new ClassifierHead(new HeadSpec.ArcFace(30, 0.5), C, D);
            full.initialize(m, 3);
            Step unsampled = step(full, m, 0);
            Step rateOne = step(head(m, new HeadSpec.ArcFace(30, 0.5), 1), m, 0);
            assertEquals(unsampled.loss(), rateOne.loss());
            assertArrayEquals(unsampled.weightGradient(), rateOne.weightGradient());
            assertArrayEquals(unsampled.featureGradient(), rateOne.featureGradient());
        }
    }

    @Test
    void softmaxRefusesSamplingNamingTheKey() {
        ClassifierHead softmax = new ClassifierHead(new HeadSpec.Softmax(), C, D);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> softmax.sampleClasses(0.5, 1));
        assertTrue(e.getMessage().startsWith("head.sampleRate: "), e.getMessage());
    }
}
