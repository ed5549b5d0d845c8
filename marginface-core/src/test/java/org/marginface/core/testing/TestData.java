package org.marginface.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real-data directory for tests: {@code MARGINFACE_DATA}, else the build's default
 * ({@code ../shared/data} beside the project). Without it a test is skipped with the reason, except
 * under CI ({@code CI=true}), where a missing data directory fails the test so that real-data tests
 * never vanish silently.
 */
public final class TestData {

    private TestData() {}

    /** The data directory, or a skip (a failure under CI) when it or {@code relative} is missing. */
    public static Path require(String relative) {
        return requireUnder(root(), relative, "real face data", "MARGINFACE_DATA", "data directory");
    }

    /** {@code root/relative}, or a skip (a failure under CI) naming the variable that points at root. */
    static Path requireUnder(Path root, String relative, String what, String variable, String rootName) {
        Path wanted = root.resolve(relative);
        if (!Files.exists(wanted)) {
            String reason = what + " not found at " + wanted.toAbsolutePath()
                    + " (set " + variable + " to the " + rootName + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + reason);
            }
            Assumptions.abort(reason);
        }
        return wanted;
    }

    /** Where the data directory is expected, whether or not it exists. */
    public static Path root() {
        String env = System.getenv("MARGINFACE_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String fallback = System.getProperty("marginface.data.default");
        return Path.of(fallback != null ? fallback : "../shared/data");
    }
}
