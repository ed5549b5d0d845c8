package org.marginface.core.detect;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.marginface.core.image.FaceImages;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;

class FrameExperimentTest {

    @Test
    void frames() throws Exception {
        Path lfw = TestData.require("lfw/lfw-deepfunneled-fold1");
        Map<String, LandmarkTruth> truth = LandmarkTruth.read(TestData.require("lfw/lfw-deepfunneled-landmarks.txt"));
        MtcnnModels models = MtcnnModels.load(TestModels.require("mtcnn"));
        List<String> names = new ArrayList<>();
        try (var s = java.nio.file.Files.walk(lfw)) {
            s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(60)
                    .forEach(p -> names.add(lfw.relativize(p).toString()));
        }
        for (MtcnnDetector.Frame frame : List.of(new MtcnnDetector.Frame(true, false), new MtcnnDetector.Frame(true, true),
                new MtcnnDetector.Frame(false, false), new MtcnnDetector.Frame(false, true))) {
            try (MtcnnDetector d = new MtcnnDetector(models, MtcnnDetector.Settings.DEFAULT, frame)) {
                int found = 0;
                List<Double> errs = new ArrayList<>();
                double ox = 0, oy = 0;
                long t0 = System.nanoTime();
                for (String n : names) {
                    BufferedImage img = FaceImages.read(lfw.resolve(n));
                    LandmarkTruth t = truth.get(n);
                    var m = t.match(d.detect(img));
                    if (m.isPresent()) {
                        found++;
                        errs.add(t.error(m.get()));
                        ox += t.offset(m.get())[0];
                        oy += t.offset(m.get())[1];
                    }
                }
                System.out.printf("%s found %d/%d err %s offset %.2f %.2f  %.1f ms/img%n", frame, found, names.size(),
                        LandmarkTruth.distribution(errs), ox / found, oy / found, (System.nanoTime() - t0) / 1e6 / names.size());
            }
        }
    }
}
