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

    /**
     * Issue 17 item 5: a shutdown whose wait ran out must not let the JVM exit while the training thread
     * is inside libtorch (exiting then crashed libtorch with SIGSEGV): the hook returns only once the
     * step under way has ended, and the training thread does not start another.
     */
    @Test
    void aShutdownThatStopsWaitingStillWaitsForTheStepUnderWayAndBlocksTheNext() throws Exception {
        StopRequest stop = new StopRequest();
        java.util.concurrent.CountDownLatch inStep = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stepMayEnd = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean nextStepStarted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread training = new Thread(() -> {
            try {
                stop.enterNative();
                inStep.countDown();
                stepMayEnd.await(); // "inside libtorch"
                stop.betweenSteps();
                nextStepStarted.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-training");
        training.setDaemon(true);
        training.start();
        inStep.await();

        Thread hook = new Thread(() -> {
            try {
                stop.stopBeforeExit(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-hook");
        hook.setDaemon(true);
        hook.start();
        hook.join(500);
        assertTrue(hook.isAlive(), "the hook returned (and the JVM would exit) while the step was inside libtorch");
        stepMayEnd.countDown();
        hook.join();
        assertTrue(stop.requested());
        assertFalse(nextStepStarted.get(), "the training thread started another step while the JVM exits");
        training.interrupt();
    }
}
