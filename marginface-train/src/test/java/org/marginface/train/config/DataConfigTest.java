package org.marginface.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DataConfigTest {

    /** Review item 9: train-bench --against reads other data exactly as the config reads its own. */
    @Test
    void withSourceChangesOnlyWhereTheDataIs() {
        AugmentConfig augment = new AugmentConfig(4, 0.2, 0.2, 0.1, 0.1, 0.1, 1.0, 0.1, 0.6);
        DataConfig data = new DataConfig("images", "/data/tree", "/data/list.txt", "112x96", true, false, 0.2, 3, 5,
                augment);
        assertEquals(new DataConfig("rec", "/data/pack.rec", "", "112x96", true, false, 0.2, 3, 5, augment),
                data.withSource(DataConfig.REC, "/data/pack.rec"));
    }
}
