package org.marginface.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void normsAndUnitVectorsAgreeInEveryForm() {
        float[] v = {3, 4, 0, 12};
        assertEquals(13, Vectors.norm(v));
        assertArrayEquals(new float[] {3 / 13f, 4 / 13f, 0, 12 / 13f}, Vectors.l2Normalize(v), 1e-7f);
        assertArrayEquals(new double[] {3 / 13.0, 4 / 13.0, 0, 12 / 13.0}, Vectors.unit(v), 1e-15);
        float[] rows = {9, 9, 3, 4, 0, 12, 9};
        Vectors.unitInPlace(rows, 2, 4, "row");
        assertArrayEquals(new float[] {9, 9, 3 / 13f, 4 / 13f, 0, 12 / 13f, 9}, rows, 1e-7f);
        assertEquals(13, Vectors.norm(new float[] {1, 3, 4, 0, 12}, 1, 4));
    }

    @Test
    void aZeroFeatureStaysZeroOrIsAnErrorNamingIt() {
        assertArrayEquals(new float[3], Vectors.l2Normalize(new float[3]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vectors.unitInPlace(new float[4], 0, 4, "probe p1"));
        assertEquals("probe p1 has a zero or non-finite feature", e.getMessage());
    }

    @Test
    void dotProductsAgreeAndTheFloatFormGivesEqualRowsEqualBits() {
        float[] a = new float[19];
        float[] b = new float[19];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i + 1);
            b[i] = (float) Math.cos(3 * i);
        }
        double exact = Vectors.dot(Vectors.toDouble(a), Vectors.toDouble(b));
        assertEquals(exact, Vectors.dot(a, b), 1e-12);
        assertEquals(exact, Vectors.dot(a, 0, b, 0, a.length), 1e-5);
        float[] shifted = new float[a.length + 5];
        System.arraycopy(a, 0, shifted, 5, a.length);
        assertEquals(Vectors.dot(a, 0, b, 0, a.length), Vectors.dot(shifted, 5, b, 0, a.length));
        assertTrue(Vectors.dot(a, 0, a, 0, a.length) > 0);
    }
}
