package org.marginface.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.image.FaceImages;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;

class MtcnnDetectorTest {

    @Test
    void pyramidStartsAt12OverMinFaceAndStopsAt12Pixels() {
        List<Double> scales = MtcnnDetector.scales(250, 250, MtcnnDetector.Settings.DEFAULT);
        assertEquals(0.6, scales.get(0), 1e-12);
        assertEquals(0.6 * 0.709, scales.get(1), 1e-12);
        // 250 · 0.6 · 0.709^k ≥ 12 for k ≤ 7
        assertEquals(8, scales.size());
        assertTrue(250 * scales.get(scales.size() - 1) >= 12);
        assertEquals(List.of(1.0), MtcnnDetector.scales(12, 500, MtcnnDetector.Settings.DEFAULT.withMinFaceSize(12)));
        assertThrows(IllegalArgumentException.class, () -> MtcnnDetector.Settings.DEFAULT.withMinFaceSize(8));
    }

    @Test
    void mainFaceIsTheLargestUnlessFarOffCentre() {
        DetectedFace centred = face(80, 80, 120, 120);
        DetectedFace larger = face(0, 0, 50, 50);
        DetectedFace largest = face(60, 60, 140, 140);
        assertEquals(centred, DetectedFace.main(List.of(larger, centred), 200, 200).orElseThrow());
        assertEquals(largest, DetectedFace.main(List.of(larger, centred, largest), 200, 200).orElseThrow());
        assertTrue(DetectedFace.main(List.of(), 200, 200).isEmpty());
    }

    private static DetectedFace face(double x1, double y1, double x2, double y2) {
        FaceLandmarks marks = FaceLandmarks.of(x1 + 10, y1 + 10, x2 - 10, y1 + 10, (x1 + x2) / 2, (y1 + y2) / 2,
                x1 + 12, y2 - 10, x2 - 12, y2 - 10);
        return new DetectedFace(new FaceBox(x1, y1, x2, y2), 0.99, marks);
    }

    /**
     * The authors' weights expect the image transposed and give regression and landmarks along the
     * image's own axes: that frame finds every face with small landmark errors, and each other frame
     * (no transposition, or outputs read with x and y swapped) is far off.
     */
    @Test
    void onlyTheTransposedInputWithImageFrameOutputsFitsTheWeights() throws Exception {
        Path lfw = TestData.require("lfw/lfw-deepfunneled-fold1");
        Map<String, LandmarkTruth> truth = LandmarkTruth.read(TestData.require("lfw/lfw-deepfunneled-landmarks.txt"));
        MtcnnModels models = MtcnnModels.load(TestModels.require("mtcnn"));
        List<String> names;
        try (Stream<Path> files = Files.walk(lfw)) {
            names = files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(24)
                    .map(p -> lfw.relativize(p).toString().replace('\\', '/')).toList();
        }
        for (MtcnnDetector.Frame frame : List.of(MtcnnDetector.Frame.AUTHORS, new MtcnnDetector.Frame(true, true),
                new MtcnnDetector.Frame(false, false), new MtcnnDetector.Frame(false, true))) {
            int found = 0;
            double errorSum = 0;
            try (MtcnnDetector detector = new MtcnnDetector(models, MtcnnDetector.Settings.DEFAULT, frame)) {
                for (String name : names) {
                    BufferedImage photo = FaceImages.read(lfw.resolve(name));
                    LandmarkTruth t = truth.get(name);
                    var match = t.match(detector.detect(photo));
                    if (match.isPresent()) {
                        found++;
                        errorSum += t.error(match.get());
                    }
                }
            }
            double meanError = found == 0 ? Double.POSITIVE_INFINITY : errorSum / found;
            System.out.printf(java.util.Locale.ROOT, "%s: found %d/%d, mean landmark error %.3f%n", frame, found,
                    names.size(), meanError);
            if (frame.equals(MtcnnDetector.Frame.AUTHORS)) {
                assertEquals(names.size(), found, frame.toString());
                assertTrue(meanError < 0.08, frame + ": " + meanError);
            } else {
                assertTrue(found < names.size() * 0.9 || meanError > 0.3, frame + ": " + found + ", " + meanError);
            }
        }
    }

    @Test
    void blankImagesHaveNoFacesAndNativeMemoryIsReleased() throws Exception {
        try (MtcnnDetector detector = MtcnnDetector.load(TestModels.require("mtcnn"), MtcnnDetector.Settings.DEFAULT)) {
            BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
            assertEquals(List.of(), detector.detect(grey));
            // smaller than the minimum face: no pyramid level at all
            assertEquals(List.of(), detector.detect(new BufferedImage(15, 15, BufferedImage.TYPE_INT_RGB)));
        }
    }
}
