package org.marginface.core.engine;

import ai.djl.engine.Engine;

/** The one place that prepares DJL: offline (no telemetry, no downloads) and the thread count. */
public final class Engines {

    private Engines() {}

    /**
     * Must run before the first DJL call. Keeps DJL offline unless the user set otherwise, and
     * honours {@code MARGINFACE_THREADS} for libtorch's intra-op threads.
     */
    public static Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        String threads = System.getenv("MARGINFACE_THREADS");
        if (threads != null && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads);
        }
        return Engine.getEngine("PyTorch");
    }

    /**
     * Turns autograd recording off for the calling thread. PyTorch's grad mode is per thread and
     * DJL switches it off only on the thread that loaded the engine; inference on any other thread
     * (HTTP workers, Spark tasks, pools) would otherwise record graphs: slower, and memory held.
     */
    public static void disableGradientsOnThisThread() {
        if (ai.djl.pytorch.jni.JniUtils.isGradMode()) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
    }
}
