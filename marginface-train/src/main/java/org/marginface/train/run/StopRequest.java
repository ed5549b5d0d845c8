package org.marginface.train.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>When that limit passes, the JVM must still not exit while the training thread is inside
 * libtorch: exiting runs libtorch's static destructors under the running step, which crashed the
 * JVM (SIGSEGV in {@code at::getAccelerator} from the backward pass, exit 134). So the run holds a
 * lock ({@link #enterNative}) whenever it may be in libtorch and lets go of it only between steps
 * ({@link #betweenSteps}); a hook that has waited long enough takes that lock, which waits for the
 * libtorch call under way to return and keeps the thread out of libtorch from then on, and only
 * then lets the JVM exit. The step under way is lost (no checkpoint of it); earlier checkpoints stay.
 */
public final class StopRequest {

    private static final Logger LOG = LoggerFactory.getLogger(StopRequest.class);

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Held by the training thread while it may be in libtorch; fair, so a waiting hook gets it between steps. */
    private final ReentrantLock nativeWork = new ReentrantLock(true);

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

    /** The training thread is about to work in libtorch, until {@link #leaveNative} (not reentrant). */
    void enterNative() throws InterruptedException {
        nativeWork.lockInterruptibly();
    }

    /** The training thread is out of libtorch for good; harmless if it never entered. */
    void leaveNative() {
        if (nativeWork.isHeldByCurrentThread()) {
            nativeWork.unlock();
        }
    }

    /**
     * Between two steps, holding no tensor operation: a shutdown hook waiting to exit takes over here,
     * and the training thread then waits until the JVM has exited.
     */
    void betweenSteps() throws InterruptedException {
        if (nativeWork.isHeldByCurrentThread() && nativeWork.hasQueuedThreads()) {
            nativeWork.unlock();
            nativeWork.lockInterruptibly();
        }
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
     * What the shutdown hook does: asks the run to stop, waits at most {@code limit} for it to finish,
     * and past that returns (letting the JVM exit) only once the training thread is out of libtorch,
     * which it then never re-enters.
     */
    void stopBeforeExit(Duration limit) throws InterruptedException {
        request("the process is shutting down (SIGTERM, Ctrl-C or System.exit)");
        if (!awaitFinished(limit)) {
            LOG.warn("training did not stop within {} s; exiting once the libtorch call under way returns,"
                    + " without a checkpoint of this step (the newest checkpoint stays usable)", limit.toSeconds());
            // never released: from here on the training thread stays out of libtorch while the JVM exits
            nativeWork.lockInterruptibly();
        }
    }

    /** Where shutdown hooks are registered: the JVM's, or a test's. */
    interface ShutdownHooks {
        void add(Thread hook);

        /** Unregisters {@code hook}; harmless if it is not registered. */
        void remove(Thread hook);
    }

    private static final ShutdownHooks JVM = new ShutdownHooks() {
        @Override
        public void add(Thread hook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void remove(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook has run or is running, and the run is over
            }
        }
    };

    /**
     * Installs a JVM shutdown hook that requests a stop and waits at most {@code limit} for the run
     * to finish. Close the returned handle when the run has ended by itself, so that a later exit
     * does not wait for it.
     */
    public AutoCloseable installShutdownHook(Duration limit) {
        return installShutdownHook(limit, JVM);
    }

    AutoCloseable installShutdownHook(Duration limit, ShutdownHooks hooks) {
        Thread hook = new Thread(() -> {
            try {
                stopBeforeExit(limit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "training-stop");
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }
}
