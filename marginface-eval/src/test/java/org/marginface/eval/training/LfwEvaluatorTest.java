package org.marginface.eval.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.head.HeadSpec;
import org.marginface.core.model.FaceModel;

class LfwEvaluatorTest {

    @TempDir
    Path tmp;

    @Test
    void evaluatesAModelOnAnLfwShapedTreeWithoutChangingIt() throws Exception {
        // a miniature LFW: 10 folds of 1 matched + 1 mismatched pair over 112x96 noise "faces" (a size with a named alignment template)
        Path lfw = tmp.resolve("lfw");
        Path images = lfw.resolve("lfw-112x96");
        Random random = new Random(4);
        List<String> lines = new ArrayList<>(List.of("10 1"));
        for (int f = 0; f < 10; f++) {
            String a = "Person_" + f + "a";
            String b = "Person_" + f + "b";
            for (String name : List.of(a, b)) {
                Files.createDirectories(images.resolve(name));
                for (int n = 1; n <= 2; n++) {
                    BufferedImage img = new BufferedImage(96, 112, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 112; y++) {
                        for (int x = 0; x < 96; x++) {
                            img.setRGB(x, y, random.nextInt(1 << 24));
                        }
                    }
                    ImageIO.write(img, "png", images.resolve(name).resolve(String.format("%s_%04d.jpg", name, n)).toFile());
                }
            }
            lines.add(a + " 1 2");
            lines.add(a + " 1 " + b + " 2");
        }
        Files.write(lfw.resolve("pairs.txt"), lines);
        try (var evaluator = TrainingEvaluators.of(lfw.toString(), List.of());
                FaceModel model = FaceModel.create(new BackboneSpec("sphereface", 4, 112, 96, 8), HeadSpec.AmSoftmax.paper(), 3, 1)) {
            float[] before = model.backbone().getParameters().get(0).getValue().getArray().toFloatArray();
            Map<String, Double> result = evaluator.evaluate(model, 5);
            double accuracy = result.get("lfw_accuracy");
            assertTrue(accuracy >= 0 && accuracy <= 1, result.toString());
            assertTrue(result.containsKey("lfw_std") && result.containsKey("lfw_tar_at_far_1e-3"), result.toString());
            assertEquals(java.util.Arrays.toString(before),
                    java.util.Arrays.toString(model.backbone().getParameters().get(0).getValue().getArray().toFloatArray()));
        }
    }
}
