package org.marginface.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The model-weights directory for tests, found as {@link TestData} finds the data:
 * {@code MARGINFACE_MODELS}, else {@code models} beside the build's data default
 * ({@code ../shared/models} beside the project). Missing: skipped, or failed under {@code CI=true}.
 */
public final class TestModels {

    private TestModels() {}

    /** {@code relative} inside the models directory, or a skip (a failure under CI) when missing. */
    public static Path require(String relative) {
        Path wanted = root().resolve(relative);
        if (!Files.exists(wanted)) {
            String reason = "model weights not found at " + wanted.toAbsolutePath()
                    + " (set MARGINFACE_MODELS to the models directory)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + reason);
            }
            Assumptions.abort(reason);
        }
        return wanted;
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
