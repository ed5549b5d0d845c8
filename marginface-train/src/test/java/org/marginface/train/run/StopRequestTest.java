package org.marginface.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StopRequestTest {

    @Test
    void keepsTheFirstReasonAndAnswersOnceTheRunHasFinished() throws Exception {
        StopRequest stop = new StopRequest();
        assertFalse(stop.requested());
        stop.request("first");
        stop.request("second");
        assertTrue(stop.requested());
        assertEquals("first", stop.reason());
        assertFalse(stop.awaitFinished(Duration.ofMillis(10)), "the wait is bounded while the run goes on");
        stop.finished();
        assertTrue(stop.awaitFinished(Duration.ZERO));
    }

    @Test
    void aRemovedHookLeavesTheJvmAlone() throws Exception {
        StopRequest stop = new StopRequest();
        AutoCloseable hook = stop.installShutdownHook(Duration.ofSeconds(1));
        hook.close();
        hook.close(); // twice is harmless
        assertFalse(stop.requested());
    }
}
