package org.marginface.core.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marginface.core.image.FaceImages;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;

/**
 * The acceptance measures on the shared data: is the listed main face found, and how far
 * are its five landmarks from the listed ones (as a fraction of the inter-ocular distance).
 */
class MtcnnAccuracyTest {

    private static MtcnnDetector detector;

    @BeforeAll
    static void load() throws Exception {
        detector = MtcnnDetector.load(TestModels.require("mtcnn"), MtcnnDetector.Settings.DEFAULT);
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    /** Per photo: whether the listed face was found, its landmark error, how many faces were found. */
    record Outcome(String file, Optional<Double> error, int faces, int listedFaces) {}

    static List<Outcome> run(MtcnnDetector detector, Path images, Map<String, LandmarkTruth> truth) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (LandmarkTruth t : truth.values()) {
            Path file = images.resolve(t.file());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            BufferedImage photo = FaceImages.read(file);
            List<DetectedFace> faces = detector.detect(photo);
            outcomes.add(new Outcome(t.file(), t.match(faces).map(t::error), faces.size(), t.faces()));
        }
        return outcomes;
    }

    /** Runs the detector over a listed set and prints the measures and the photos whose face was missed. */
    static List<Outcome> evaluate(String images, String landmarks) throws Exception {
        Path folder = TestData.require(images);
        List<Outcome> outcomes = run(detector, folder, LandmarkTruth.read(TestData.require(landmarks)));
        System.out.println(report(images, outcomes));
        outcomes.stream().filter(o -> o.error().isEmpty()).forEach(o -> System.out.println("  not found: " + o.file()));
        return outcomes;
    }

    static String report(String name, List<Outcome> outcomes) {
        List<Double> errors = outcomes.stream().flatMap(o -> o.error().stream()).toList();
        return String.format(Locale.ROOT, "%s: main face found in %d/%d photos (%.2f%%); landmark error / inter-ocular: %s",
                name, errors.size(), outcomes.size(), 100.0 * errors.size() / outcomes.size(),
                LandmarkTruth.distribution(errors));
    }

    @Test
    void lfwFold1MainFaceFoundWithAccurateLandmarks() throws Exception {
        List<Outcome> outcomes = evaluate("lfw/lfw-deepfunneled-fold1", "lfw/lfw-deepfunneled-landmarks.txt");
        assertTrue(outcomes.size() >= 800, "fold 1 has 807 listed photos, read " + outcomes.size());
        List<Double> errors = outcomes.stream().flatMap(o -> o.error().stream()).toList();
        assertTrue(errors.size() >= 0.99 * outcomes.size(), report("fold1", outcomes));
        double mean = errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(mean <= 0.08, report("fold1", outcomes));
    }

    /** CelebA raw-sample photos showing two or more real faces, checked by eye on the drawn detections. */
    static final List<String> SEVERAL_REAL_FACES = List.of("027509.jpg", "027779.jpg", "049668.jpg", "058383.jpg",
            "071365.jpg", "071454.jpg", "126428.jpg", "136081.jpg", "138700.jpg", "184568.jpg", "187562.jpg",
            "191706.jpg", "196978.jpg");

    @Test
    void celebaRawSampleMainFaceRecallAndSeveralFaces() throws Exception {
        List<Outcome> outcomes = evaluate("celeba/raw-sample", "celeba/raw-sample-landmarks.txt");
        List<Outcome> crowded = outcomes.stream().filter(o -> o.listedFaces() >= 2).toList();
        List<Outcome> single = outcomes.stream().filter(o -> o.listedFaces() == 1).toList();
        double crowdedRate = (double) crowded.stream().filter(o -> o.faces() >= 2).count() / crowded.size();
        double singleRate = (double) single.stream().filter(o -> o.faces() >= 2).count() / single.size();
        System.out.printf(Locale.ROOT, "celeba raw-sample: several boxes in %.0f%% of the %d photos listed with several"
                + " faces, in %.0f%% of the %d listed with one%n", 100 * crowdedRate, crowded.size(), 100 * singleRate,
                single.size());
        assertTrue(outcomes.size() == 300, "300 listed photos, read " + outcomes.size());
        long found = outcomes.stream().filter(o -> o.error().isPresent()).count();
        assertTrue(found >= 0.97 * outcomes.size(), report("raw-sample", outcomes));
        // the list's face counts come from another detector whose extra "faces" are often logos, cut-off or
        // blurred faces; these are the photos where a second real face was checked by eye
        // (docs/detection-several-faces.md), and each must give several boxes
        List<String> missed = outcomes.stream()
                .filter(o -> SEVERAL_REAL_FACES.contains(o.file()) && o.faces() < 2).map(Outcome::file).toList();
        assertTrue(missed.isEmpty(), "one box or none on photos with several real faces: " + missed);
        assertTrue(crowdedRate >= 3 * singleRate,
                "several boxes in " + crowdedRate + " of multi-face photos, " + singleRate + " of single-face ones");
    }
}
