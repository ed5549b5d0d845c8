package org.marginface.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.marginface.core.image.FaceImages;
import org.marginface.core.testing.CropComparison;
import org.marginface.core.testing.TestData;

/** Our crops of raw images against the data set's reference crops, made with the same template and method. */
class ReferenceCropsTest {

    @Test
    void alignedFold1MatchesTheReferenceCrops() throws IOException {
        Path raw = TestData.require("lfw/lfw-deepfunneled-fold1");
        Path lfw = raw.getParent();
        LandmarkFile landmarks = LandmarkFile.read(lfw.resolve("lfw-deepfunneled-landmarks.txt"));
        assertEquals(List.of(), landmarks.problems());
        Map<String, FaceLandmarks> byPath = landmarks.rows().stream()
                .collect(Collectors.toMap(LandmarkFile.Row::path, LandmarkFile.Row::landmarks));
        List<Path> images;
        try (Stream<Path> files = Files.walk(raw)) {
            images = files.filter(Files::isRegularFile).sorted().toList();
        }
        FaceAligner aligner = new FaceAligner(AlignmentTemplate.SPHEREFACE_112X96);
        CropComparison comparison = new CropComparison();
        for (Path image : images) {
            String relative = raw.relativize(image).toString().replace('\\', '/');
            FaceLandmarks points = byPath.get(relative);
            assertTrue(points != null, "no landmarks for " + relative);
            comparison.add(relative, aligner.align(FaceImages.read(image), points),
                    FaceImages.read(lfw.resolve("lfw-112x96").resolve(relative)));
        }
        System.out.println("LFW fold 1, FaceAligner vs lfw-112x96: " + comparison);
        assertEquals(807, comparison.count());
        assertTrue(comparison.mean() <= 2.0, comparison.toString());
        assertTrue(comparison.max() <= 4.0, comparison.toString());
    }

    /**
     * In-the-wild photos of up to 3000x3000 pixels, 8 of whose crops reach outside the photo: checks the
     * edge convention and strong downscaling, which the LFW images do not exercise. Bilinear sampling
     * without smoothing aliases at strong downscaling, and small decoder differences grow there, so
     * single images differ more than on LFW (the worst, scaled down about 9 times, by almost 4 levels).
     */
    @Test
    void alignedCelebaPhotosMatchTheReferenceCrops() throws IOException {
        Path raw = TestData.require("celeba/raw-sample");
        Path celeba = raw.getParent();
        FaceAligner aligner = new FaceAligner(AlignmentTemplate.SPHEREFACE_112X96);
        CropComparison comparison = new CropComparison();
        // file, identity, ten numbers, number of faces found: a layout of its own, read here
        for (String line : Files.readAllLines(celeba.resolve("raw-sample-landmarks.txt"))) {
            String[] fields = line.split("\t");
            double[] xy = new double[LandmarkFile.NUMBERS];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = Double.parseDouble(fields[2 + i]);
            }
            comparison.add(fields[0], aligner.align(FaceImages.read(raw.resolve(fields[0])), FaceLandmarks.of(xy)),
                    FaceImages.read(celeba.resolve("celeba-112x96").resolve(fields[1]).resolve(fields[0])));
        }
        System.out.println("CelebA raw sample, FaceAligner vs celeba-112x96: " + comparison);
        assertEquals(300, comparison.count());
        assertTrue(comparison.mean() <= 2.0, comparison.toString());
        assertTrue(comparison.max() <= 5.0, comparison.toString());
    }
}
