package org.marginface.core.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaceLandmarksTest {

    @Test
    void fiveIdenticalPointsAreDegenerate() {
        var e = assertThrows(InvalidLandmarksException.class,
                () -> FaceLandmarks.of(100, 120, 100, 120, 100, 120, 100, 120, 100, 120));
        assertTrue(e.getMessage().startsWith("degenerate landmarks"), e.getMessage());
    }

    @Test
    void pointsWithinASubPixelSpreadAreDegenerate() {
        assertThrows(InvalidLandmarksException.class,
                () -> FaceLandmarks.of(100, 120, 100.2, 120, 100.1, 120.3, 100, 120.1, 100.3, 120.2));
    }

    @Test
    void nonFiniteCoordinatesAreNamed() {
        var e = assertThrows(InvalidLandmarksException.class,
                () -> FaceLandmarks.of(30, 50, 65, 50, 48, Double.NaN, 33, 92, 62, 92));
        assertTrue(e.getMessage().contains("non-finite") && e.getMessage().contains("nose"), e.getMessage());
        assertThrows(InvalidLandmarksException.class,
                () -> FaceLandmarks.of(30, 50, 65, 50, 48, 70, 33, 92, Double.POSITIVE_INFINITY, 92));
    }

    @Test
    void tenNumbersMakeFivePointsInOrder() {
        FaceLandmarks l = FaceLandmarks.of(1, 2, 30, 4, 5, 60, 7, 80, 90, 10);
        assertEquals(new Point(1, 2), l.leftEye());
        assertEquals(new Point(90, 10), l.rightMouth());
        assertEquals(5, l.points().size());
        assertThrows(InvalidLandmarksException.class, () -> FaceLandmarks.of(1, 2, 3));
    }

    @Test
    void theSquareTemplateIsTheNarrowOneEightPixelsRight() {
        var narrow = AlignmentTemplate.SPHEREFACE_112X96.landmarks().points();
        var square = AlignmentTemplate.SQUARE_112X112.landmarks().points();
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            assertEquals(narrow.get(i).x() + 8, square.get(i).x(), 1e-12);
            assertEquals(narrow.get(i).y(), square.get(i).y(), 1e-12);
        }
        assertEquals(AlignmentTemplate.SQUARE_112X112, AlignmentTemplate.fromLabel("112x112"));
        assertEquals(AlignmentTemplate.SPHEREFACE_112X96, AlignmentTemplate.fromLabel("112X96"));
        var e = assertThrows(IllegalArgumentException.class, () -> AlignmentTemplate.fromLabel("96x112"));
        assertTrue(e.getMessage().contains("112x96, 112x112"), e.getMessage());
    }
}
