package org.marginface.core.embed;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The engine that runs a model's forward pass. An imported ONNX graph runs on ONNX Runtime only; a
 * marginface backbone runs on either (on ONNX Runtime through its ONNX export, built in memory when
 * the model loads). Training always runs on libtorch.
 */
public enum InferenceRuntime {
    LIBTORCH("libtorch"),
    ONNXRUNTIME("onnxruntime");

    /** The runtime for work in batches (embed, eval, Spark); why: docs/benchmarks.md, "libtorch against ONNX Runtime". */
    public static final InferenceRuntime FOR_BATCHES = LIBTORCH;

    /** The runtime for faces that come one at a time (the service); why: the same section. */
    public static final InferenceRuntime FOR_SINGLE_FACES = ONNXRUNTIME;

    private final String label;

    InferenceRuntime(String label) {
        this.label = label;
    }

    /** The name used on the command line and in results. */
    public String label() {
        return label;
    }

    /** {@code libtorch} or {@code onnxruntime}, any case. */
    public static InferenceRuntime parse(String text) {
        for (InferenceRuntime r : values()) {
            if (r.label.equals(text.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown runtime '" + text + "': expected "
                + Arrays.stream(values()).map(InferenceRuntime::label).collect(Collectors.joining(" or ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
