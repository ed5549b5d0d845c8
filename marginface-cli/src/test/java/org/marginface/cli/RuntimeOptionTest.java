package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.InferenceRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class RuntimeOptionTest {

    @TempDir
    Path tmp;

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        RuntimeOption runtime;

        @Override
        public void run() {}
    }

    private static Probe parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe;
    }

    @Test
    void theFlagNamesTheRuntimeInAnyCase() {
        assertEquals(InferenceRuntime.LIBTORCH, parse("--runtime", "LibTorch").runtime.runtime);
        assertEquals(InferenceRuntime.ONNXRUNTIME, parse("--runtime", "onnxruntime").runtime.runtime);
        assertNull(parse().runtime.runtime, "without the flag the command's own default applies");
    }

    @Test
    void anUnknownRuntimeIsAUsageErrorNamingTheChoices() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Probe()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--runtime", "tensorflow"));
        assertTrue(err.toString().contains("unknown runtime 'tensorflow': expected libtorch or onnxruntime"), err.toString());
    }

    @Test
    void withoutTheFlagTheModelRunsOnTheCommandsDefaultAndWithItOnTheOneNamed() throws Exception {
        Path model = tmp.resolve("m");
        assertEquals(0, Main.run("init", "--backbone", "sphereface4", "--seed", "3", "--out", model.toString()));
        try (EmbeddingModel loaded = parse().runtime.load(model, InferenceRuntime.ONNXRUNTIME)) {
            assertEquals(InferenceRuntime.ONNXRUNTIME, loaded.runtime());
        }
        try (EmbeddingModel loaded = parse().runtime.load(model, InferenceRuntime.LIBTORCH)) {
            assertEquals(InferenceRuntime.LIBTORCH, loaded.runtime());
        }
        try (EmbeddingModel loaded = parse("--runtime", "onnxruntime").runtime.load(model, InferenceRuntime.LIBTORCH)) {
            assertEquals(InferenceRuntime.ONNXRUNTIME, loaded.runtime());
        }
    }
}
