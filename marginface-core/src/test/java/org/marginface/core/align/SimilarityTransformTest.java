package org.marginface.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {

    private static final List<Point> FACE = AlignmentTemplate.SPHEREFACE_112X96.landmarks().points();

    @Test
    void recoversAKnownRotationScaleAndTranslation() {
        double[][] cases = {
            {1, 0, 0, 0}, {2.5, 0.3, -40, 17}, {0.37, -2.9, 123.4, -5.5}, {1.7, Math.PI, 0, 250}, {0.01, 1.2, 3, 4},
        };
        for (double[] c : cases) {
            SimilarityTransform truth = SimilarityTransform.of(c[0], c[1], c[2], c[3]);
            List<Point> moved = FACE.stream().map(truth::apply).toList();
            SimilarityTransform found = SimilarityTransform.estimate(FACE, moved);
            String what = "scale " + c[0] + ", angle " + c[1] + ", shift " + c[2] + ", " + c[3];
            assertEquals(c[0], found.scale(), 1e-12 * c[0], what);
            assertEquals(0, Math.IEEEremainder(found.angle() - c[1], 2 * Math.PI), 1e-12, what);
            assertEquals(c[2], found.tx(), 1e-9, what);
            assertEquals(c[3], found.ty(), 1e-9, what);
        }
    }

    @Test
    void estimateIsTheLeastSquaresFitWhenThePointsDoNotFitExactly() {
        Random random = new Random(5);
        List<Point> noisy = new ArrayList<>();
        for (Point p : FACE) {
            noisy.add(new Point(2 * p.x() + 10 + random.nextGaussian(), 2 * p.y() - 3 + random.nextGaussian()));
        }
        SimilarityTransform best = SimilarityTransform.estimate(FACE, noisy);
        double bestError = squaredError(best, FACE, noisy);
        // any small change of any parameter fits worse
        double h = 1e-4;
        for (int i = 0; i < 4; i++) {
            for (double step : new double[] {-h, h}) {
                double[] p = {best.a(), best.b(), best.tx(), best.ty()};
                p[i] += step;
                assertTrue(squaredError(new SimilarityTransform(p[0], p[1], p[2], p[3]), FACE, noisy) > bestError,
                        "parameter " + i + " moved by " + step);
            }
        }
    }

    @Test
    void aMirroredFaceIsRotatedNeverReflected() {
        // the mirror image of the face (x -> -x) is fitted exactly by a reflection; a similarity must not use one
        List<Point> mirrored = FACE.stream().map(p -> new Point(-p.x(), p.y())).toList();
        SimilarityTransform t = SimilarityTransform.estimate(FACE, mirrored);
        assertTrue(t.determinant() > 0);
        for (int i = 0; i < FACE.size(); i++) {
            for (int j = i + 1; j < FACE.size(); j++) {
                for (int k = j + 1; k < FACE.size(); k++) {
                    double before = orientation(FACE.get(i), FACE.get(j), FACE.get(k));
                    double after = orientation(t.apply(FACE.get(i)), t.apply(FACE.get(j)), t.apply(FACE.get(k)));
                    assertTrue(Math.signum(before) == Math.signum(after), "triangle " + i + j + k + " flipped");
                }
            }
        }
        assertTrue(squaredError(t, FACE, mirrored) > 100, "a reflection would fit the mirror image exactly");
    }

    @Test
    void inverseUndoesTheTransform() {
        SimilarityTransform t = SimilarityTransform.of(0.8, 0.4, 12, -7);
        for (Point p : FACE) {
            Point back = t.inverse().apply(t.apply(p));
            assertEquals(p.x(), back.x(), 1e-12);
            assertEquals(p.y(), back.y(), 1e-12);
        }
    }

    @Test
    void coincidentSourcePointsAreRejectedWithAClearError() {
        List<Point> same = List.of(new Point(40, 50), new Point(40, 50), new Point(40, 50), new Point(40, 50), new Point(40, 50));
        var e = assertThrows(InvalidLandmarksException.class, () -> SimilarityTransform.estimate(same, FACE));
        assertTrue(e.getMessage().contains("degenerate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.estimate(FACE, FACE.subList(0, 4)));
        assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.estimate(FACE.subList(0, 1), FACE.subList(0, 1)));
    }

    private static double squaredError(SimilarityTransform t, List<Point> src, List<Point> dst) {
        double sum = 0;
        for (int i = 0; i < src.size(); i++) {
            Point p = t.apply(src.get(i));
            sum += Math.pow(p.x() - dst.get(i).x(), 2) + Math.pow(p.y() - dst.get(i).y(), 2);
        }
        return sum;
    }

    private static double orientation(Point a, Point b, Point c) {
        return (b.x() - a.x()) * (c.y() - a.y()) - (b.y() - a.y()) * (c.x() - a.x());
    }
}
