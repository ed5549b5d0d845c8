package org.marginface.train.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request, from another thread, that a training run stop at the next step boundary, and the run's
 * answer that it has stopped.
 *
 * <p>Why not just let the JVM exit: a SIGTERM or Ctrl-C exits the JVM while the training thread is
 * inside libtorch, which then crashes in native code. Instead a shutdown hook ({@link
 * #installShutdownHook}) asks the run to stop, and holds the JVM's exit until the run has finished
 * its step, written a checkpoint and released its native resources, or until a time limit passes
 * (a run that does not answer must not keep the machine from shutting down).
 */
public final class StopRequest {

    private static final Logger LOG = LoggerFactory.getLogger(StopRequest.class);

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Asks the run to stop after its current step; the first reason is kept. */
    public void request(String why) {
        reason.compareAndSet(null, why);
    }

    public boolean requested() {
        return reason.get() != null;
    }

    /** Why the stop was asked for, or null. */
    public String reason() {
        return reason.get();
    }

    /** Called by the run once it has returned, stopped or not, and closed its native resources. */
    void finished() {
        finished.countDown();
    }

    /** Waits at most {@code limit} for the run to have finished; true if it has. */
    public boolean awaitFinished(Duration limit) throws InterruptedException {
        return finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Installs a JVM shutdown hook that requests a stop and waits at most {@code limit} for the run
     * to finish. Close the returned handle when the run has ended by itself, so that a later exit
     * does not wait for it.
     */
    public AutoCloseable installShutdownHook(Duration limit) {
        Thread hook = new Thread(() -> {
            request("the process is shutting down (SIGTERM, Ctrl-C or System.exit)");
            try {
                if (!awaitFinished(limit)) {
                    LOG.warn("training did not stop within {} s; exiting anyway (the newest checkpoint stays usable)",
                            limit.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "training-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook has run or is running, and the run is over
            }
        };
    }
}
