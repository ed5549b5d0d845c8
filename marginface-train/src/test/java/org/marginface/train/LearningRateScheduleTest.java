package org.marginface.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.marginface.train.config.ScheduleConfig;

class LearningRateScheduleTest {

    @Test
    void multiStepDividesAtEachStepLikeCaffe() {
        var s = new LearningRateSchedule(new ScheduleConfig("multistep", 30000, List.of(16000L, 24000L, 28000L), 0.1, 0, 0.1, 0), 0.1);
        assertEquals(0.1, s.at(0), 1e-15);
        assertEquals(0.1, s.at(15999), 1e-15);
        assertEquals(0.01, s.at(16000), 1e-15);
        assertEquals(0.001, s.at(24000), 1e-15);
        assertEquals(0.0001, s.at(29999), 1e-15);
    }

    @Test
    void warmUpRisesLinearlyToTheScheduledRate() {
        var s = new LearningRateSchedule(new ScheduleConfig("multistep", 100, List.of(50L), 0.1, 10, 0.1, 0), 1.0);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(0.55, s.at(5), 1e-12);
        assertEquals(1.0, s.at(10), 1e-12);
        assertEquals(0.1, s.at(50), 1e-12);
    }

    @Test
    void cosineFallsFromTheBaseToTheMinimum() {
        var s = new LearningRateSchedule(new ScheduleConfig("cosine", 100, List.of(), 0.1, 0, 0.1, 0.001), 0.1);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(0.001 + 0.099 * 0.5, s.at(50), 1e-12);
        assertEquals(0.001, s.at(100), 1e-12);
    }
}
