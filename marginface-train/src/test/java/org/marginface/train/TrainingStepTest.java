package org.marginface.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.engine.Engines;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.model.FaceModel;

class TrainingStepTest {

    static final int CLASSES = 50;
    static final int DIM = 8;
    static final long[] LABELS = {1, 2, 1, 3};

    /**
     * The centres (rows of the head's weights) one step of SGD without momentum or decay moved; s = 1
     * keeps every class's gradient large enough to move a float.
     */
    private static Set<Integer> centresMovedByOneStep(double sampleRate) {
        Engines.pytorch();
        try (FaceModel model = FaceModel.create(new BackboneSpec("sphereface", 4, 112, 96, DIM),
                        new HeadSpec.AmSoftmax(1, 0.35, true, 0, 0), CLASSES, 5);
                TrainingStep step = new TrainingStep(model, 0, 0);
                NDManager batch = model.manager().newSubManager()) {
            model.head().sampleClasses(sampleRate, 5);
            float[] before = model.head().classWeights().toFloatArray();
            step.step(batch.randomNormal(new Shape(LABELS.length, 3, 112, 96)), batch.create(LABELS), 0.1, 0, 1);
            float[] after = model.head().classWeights().toFloatArray();
            Set<Integer> moved = new HashSet<>();
            for (int i = 0; i < before.length; i++) {
                if (before[i] != after[i]) {
                    moved.add(i / DIM);
                }
            }
            return moved;
        }
    }

    @Test
    void withASampleRateAStepUpdatesOnlyTheSampledCentres() {
        Set<Integer> moved = centresMovedByOneStep(0.1);
        assertEquals(5, moved.size(), "ceil(0.1 x 50) centres take part: " + moved);
        for (long label : LABELS) {
            assertTrue(moved.contains((int) label), "the label's centre " + label + " takes part");
        }
        assertEquals(CLASSES, centresMovedByOneStep(1).size());
    }

    /** The phases split the step's own wall time: each took some time, and together no more than the step. */
    @Test
    void phasesSplitTheStepsWallTime() {
        Engines.pytorch();
        try (FaceModel model = FaceModel.create(new BackboneSpec("sphereface", 4, 112, 96, DIM),
                        new HeadSpec.AmSoftmax(30, 0.35, true, 0, 0), CLASSES, 5);
                TrainingStep step = new TrainingStep(model, 0.9, 5e-4);
                NDManager batch = model.manager().newSubManager()) {
            long start = System.nanoTime();
            step.step(batch.randomNormal(new Shape(LABELS.length, 3, 112, 96)), batch.create(LABELS), 0.1, 0, 2);
            long wall = System.nanoTime() - start;
            TrainingStep.Phases p = step.lastPhases();
            for (long phase : new long[] {p.backbone(), p.head(), p.backward(), p.metrics(), p.update()}) {
                assertTrue(phase > 0, p.toString());
            }
            assertTrue(p.total() <= wall, p + " within " + wall);
        }
    }
}
