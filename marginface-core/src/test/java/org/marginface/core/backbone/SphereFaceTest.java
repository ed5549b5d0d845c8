package org.marginface.core.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.marginface.core.engine.Engines;

class SphereFaceTest {

    @Test
    void sphereface20HasThePapersParameterCount() {
        Engines.pytorch();
        try (NDManager manager = NDManager.newBaseManager()) {
            BackboneSpec spec = BackboneSpec.sphereface(20);
            SequentialBlock net = SphereFace.build(spec);
            SphereFace.initialize(net, spec, manager, 1);
            assertEquals(22_670_656L, SphereFace.parameterCount(net));
        }
    }

    @Test
    void everyDepthAndBothInputSizesGiveTheEmbeddingShape() {
        Engines.pytorch();
        for (int depth : new int[] {4, 10, 20, 36, 64}) {
            for (int width : new int[] {96, 112}) {
                BackboneSpec spec = new BackboneSpec("sphereface", depth, 112, width, 128);
                try (NDManager manager = NDManager.newBaseManager()) {
                    SequentialBlock net = SphereFace.build(spec);
                    SphereFace.initialize(net, spec, manager, 7);
                    NDArray x = manager.randomNormal(new Shape(2, 3, 112, width));
                    NDArray y = net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
                    assertEquals(new Shape(2, 128), y.getShape(), "depth " + depth + " width " + width);
                }
            }
        }
    }

    @Test
    void initialisationFollowsTheCaffeFillersAndIsSeeded() {
        Engines.pytorch();
        BackboneSpec spec = BackboneSpec.sphereface(20);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock a = SphereFace.build(spec);
            SphereFace.initialize(a, spec, manager, 42);
            SequentialBlock b = SphereFace.build(spec);
            SphereFace.initialize(b, spec, manager, 42);
            var pa = a.getParameters();
            var pb = b.getParameters();
            for (int i = 0; i < pa.size(); i++) {
                assertArrayEquals(pa.get(i).getValue().getArray().toFloatArray(),
                        pb.get(i).getValue().getArray().toFloatArray(), pa.get(i).getKey());
            }
            for (var p : pa) {
                String name = p.getKey();
                float[] v = p.getValue().getArray().toFloatArray();
                if (name.endsWith("slope")) {
                    for (float f : v) {
                        assertEquals(0.25f, f, name);
                    }
                } else if (name.endsWith("bias")) {
                    for (float f : v) {
                        assertEquals(0f, f, name);
                    }
                } else if (name.contains("ResidualUnit")) {
                    assertEquals(0.01, std(v), 0.0005, name);
                } else {
                    Shape s = p.getValue().getArray().getShape();
                    double limit = Math.sqrt(3.0 / (s.size() / s.get(0)));
                    // uniform on [-limit, limit] has std limit / sqrt(3)
                    assertEquals(limit / Math.sqrt(3), std(v), 0.05 * limit, name);
                    for (float f : v) {
                        assertEquals(0, f, limit, name);
                    }
                }
            }
        }
    }

    @Test
    void unknownDepthAndBadInputSizeAreRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> BackboneSpec.sphereface(18));
        assertEquals(true, e.getMessage().startsWith("backbone.depth"));
        var e2 = assertThrows(IllegalArgumentException.class, () -> new BackboneSpec("sphereface", 20, 112, 90, 512));
        assertEquals(true, e2.getMessage().startsWith("backbone.input"));
    }

    @Test
    void flopCountMatchesTheStackNotes() {
        // 1.75 GMAC per image for SphereFace-20 at 112x96 (shared/notes/stack.md)
        assertEquals(1.75e9, BackboneSpec.sphereface(20).forwardMacs(), 0.01e9);
    }

    private static double std(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double var = 0;
        for (float f : v) {
            var += (f - mean) * (f - mean);
        }
        return Math.sqrt(var / v.length);
    }
}
