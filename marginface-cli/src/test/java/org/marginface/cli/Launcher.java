package org.marginface.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code bin/marginface} launcher, as a user would, for integration tests. */
final class Launcher {

    /** What a run printed and returned. */
    record Run(int exitCode, String output) {}

    private Launcher() {}

    static Path home() {
        return Path.of(System.getProperty("marginface.home", "..")).toAbsolutePath().normalize();
    }

    static Run run(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/marginface").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("bin/marginface " + String.join(" ", args) + " did not finish in 30 minutes");
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
