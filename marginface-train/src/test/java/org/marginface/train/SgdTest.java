package org.marginface.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.engine.Engines;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.model.FaceModel;

class SgdTest {

    @Test
    void followsCaffesMomentumFormulaAndSkipsDecayOnBiases() {
        Engines.pytorch();
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter weight = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(2)).optInitializer(new ConstantInitializer(1f)).build();
            Parameter bias = Parameter.builder().setName("b").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(2)).optInitializer(new ConstantInitializer(1f)).build();
            weight.initialize(manager, DataType.FLOAT32);
            bias.initialize(manager, DataType.FLOAT32);
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", weight);
            params.add("b", bias);
            double mu = 0.9;
            double wd = 0.1;
            try (Sgd sgd = new Sgd(params, mu, wd, manager)) {
                double w = 1;
                double vw = 0;
                double b = 1;
                double vb = 0;
                double[] rates = {0.5, 0.05};
                for (double lr : rates) {
                    NDArray c = manager.create(new float[] {3f, 3f});
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        // gradient of sum(3 w) + sum(3 b) is 3 for every entry
                        gc.backward(weight.getArray().mul(c).sum().add(bias.getArray().mul(c).sum()));
                    }
                    sgd.step(lr);
                    vw = mu * vw + lr * (3 + wd * w);
                    w -= vw;
                    vb = mu * vb + lr * 3;
                    b -= vb;
                    assertArrayEquals(new float[] {(float) w, (float) w}, weight.getArray().toFloatArray(), 1e-6f);
                    assertArrayEquals(new float[] {(float) b, (float) b}, bias.getArray().toFloatArray(), 1e-6f);
                }
            }
        }
    }

    @Test
    void aFewStepsOnOneBatchLowerTheLoss() {
        BackboneSpec spec = new BackboneSpec("sphereface", 4, 16, 16, 16);
        try (FaceModel model = FaceModel.create(spec, HeadSpec.AmSoftmax.paper(), 4, 3);
                TrainingStep step = new TrainingStep(model, 0.9, 5e-4);
                NDManager batch = model.manager().newSubManager()) {
            NDArray images = batch.randomNormal(new Shape(8, 3, 16, 16));
            NDArray labels = batch.create(new long[] {0, 1, 2, 3, 0, 1, 2, 3});
            double first = step.step(images, labels, 0.01, 0, 2).loss();
            double last = first;
            for (int i = 1; i < 30; i++) {
                last = step.step(images, labels, 0.01, i, 2).loss();
            }
            assertTrue(Double.isFinite(last) && last < first * 0.7, "loss " + first + " -> " + last);
        }
    }
}
