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

    /** The hook asks the run to stop and waits for it; closing the handle unregisters that same hook. */
    @Test
    void theHookRequestsAStopAndClosingItsHandleRemovesIt() throws Exception {
        StopRequest stop = new StopRequest();
        java.util.List<Thread> registered = new java.util.ArrayList<>();
        AutoCloseable handle = stop.installShutdownHook(Duration.ofMinutes(10), new StopRequest.ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                registered.add(hook);
            }

            @Override
            public void remove(Thread hook) {
                registered.remove(hook);
            }
        });
        assertEquals(1, registered.size(), "one hook registered");
        Thread hook = registered.get(0);
        assertFalse(stop.requested(), "installing the hook requests nothing");
        stop.finished(); // the run has ended: the hook's wait returns at once
        hook.run();
        assertTrue(stop.requested(), "the hook asked the run to stop");
        assertTrue(stop.reason().contains("shutting down"), stop.reason());
        handle.close();
        assertEquals(java.util.List.of(), registered, "closing the handle removed the hook it installed");
        handle.close(); // twice is harmless
        assertEquals(java.util.List.of(), registered);
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
