package org.marginface.core.testing;

import java.nio.file.Path;

/**
 * The model-weights directory for tests, found as {@link TestData} finds the data:
 * {@code MARGINFACE_MODELS}, else {@code models} beside the build's data default
 * ({@code ../shared/models} beside the project). Missing: skipped, or failed under {@code CI=true}.
 */
public final class TestModels {

    private TestModels() {}

    /** {@code relative} inside the models directory, or a skip (a failure under CI) when missing. */
    public static Path require(String relative) {
        return TestData.requireUnder(root(), relative, "model weights", "MARGINFACE_MODELS", "models directory");
    }

    /** Where the models directory is expected, whether or not it exists. */
    public static Path root() {
        String env = System.getenv("MARGINFACE_MODELS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String data = System.getProperty("marginface.data.default");
        return data != null ? Path.of(data).resolveSibling("models") : Path.of("../shared/models");
    }
}
