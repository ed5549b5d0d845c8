package org.marginface.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.marginface.core.detect.Candidates.Candidate;
import org.marginface.core.detect.Candidates.Overlap;
import org.marginface.core.detect.Candidates.Regression;

class CandidatesTest {

    private static Candidate c(double x1, double y1, double x2, double y2, double score) {
        return new Candidate(new FaceBox(x1, y1, x2, y2), score, Regression.NONE);
    }

    @Test
    void overlapCountsEdgePixelsInclusively() {
        FaceBox a = new FaceBox(1, 1, 10, 10); // 100 px
        FaceBox b = new FaceBox(6, 1, 15, 10); // 100 px, 50 shared
        assertEquals(50.0 / 150, Candidates.overlap(a, b, Overlap.UNION), 1e-12);
        assertEquals(0.5, Candidates.overlap(a, b, Overlap.MIN), 1e-12);
        FaceBox inner = new FaceBox(3, 3, 4, 4); // 4 px inside a
        assertEquals(0.04, Candidates.overlap(a, inner, Overlap.UNION), 1e-12);
        assertEquals(1.0, Candidates.overlap(a, inner, Overlap.MIN), 1e-12);
        assertEquals(0.0, Candidates.overlap(a, new FaceBox(20, 20, 30, 30), Overlap.UNION), 0);
    }

    @Test
    void unionNmsKeepsTheBestOfEachClusterBestFirst() {
        Candidate best = c(1, 1, 10, 10, 0.9);
        Candidate shifted = c(2, 1, 11, 10, 0.8); // IoU 90/110 with best
        Candidate apart = c(6, 1, 15, 10, 0.95); // IoU 50/150 with best, 60/140 with shifted
        Candidate far = c(50, 50, 60, 60, 0.7);
        // apart goes first and suppresses nothing at 0.5; best then suppresses shifted
        assertEquals(List.of(apart, best, far), Candidates.nms(List.of(best, shifted, apart, far), 0.5, Overlap.UNION));
        // at 0.4, apart also suppresses shifted (0.43) but still not best (0.33)
        assertEquals(List.of(apart, best, far), Candidates.nms(List.of(far, shifted, best, apart), 0.4, Overlap.UNION));
        // at 0.3 apart suppresses best as well
        assertEquals(List.of(apart, far), Candidates.nms(List.of(best, shifted, apart, far), 0.3, Overlap.UNION));
    }

    @Test
    void minNmsAlsoDropsBoxesNestedInABetterOne() {
        Candidate outer = c(1, 1, 20, 20, 0.99);
        Candidate nested = c(5, 5, 10, 10, 0.98); // IoU 36/400, overlap by the smaller box 1
        assertEquals(List.of(outer, nested), Candidates.nms(List.of(nested, outer), 0.7, Overlap.UNION));
        assertEquals(List.of(outer), Candidates.nms(List.of(nested, outer), 0.7, Overlap.MIN));
    }

    @Test
    void regressionMovesCornersByFractionsOfTheSize() {
        FaceBox box = new FaceBox(10, 20, 29, 59); // 20 x 40 edge-inclusive, 19 x 39 otherwise
        Regression r = new Regression(0.1, -0.25, 0.5, 0);
        assertEquals(new FaceBox(12, 10, 39, 59), Candidates.regress(box, r, true));
        assertEquals(new FaceBox(11.9, 10.25, 38.5, 59), Candidates.regress(box, r, false));
    }

    @Test
    void squaringKeepsTheCentreAndTheLongerSide() {
        assertEquals(new FaceBox(0, 10, 40, 50), Candidates.square(new FaceBox(10, 10, 30, 50)));
        assertEquals(new FaceBox(5, -5, 25, 15), Candidates.square(new FaceBox(5, 0, 25, 10)));
        assertEquals(new FaceBox(1, 2, -3, -4), Candidates.truncate(new FaceBox(1.9, 2.1, -3.7, -4.2)));
    }
}
