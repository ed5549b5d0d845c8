package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {

    @TempDir
    Path tmp;

    @Test
    void everyCommandHasHelp() {
        CommandLine cli = new CommandLine(new Main());
        for (String name : cli.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            String usage = cli.getSubcommands().get(name).getUsageMessage();
            assertTrue(usage.contains("--help"), name + " has no --help: " + usage);
            assertEquals(0, Main.run(name, "--help"), name + " --help");
        }
    }

    @Test
    void badInputGivesOneClearLineAndExitCode2() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            int code = Main.run("embed", "--model", tmp.resolve("nope").toString(), "--images", tmp.toString(),
                    "--out", tmp.resolve("x.npy").toString());
            assertEquals(2, code);
            assertTrue(captured.toString().contains("error:"), captured.toString());
            assertEquals(2, Main.run("init", "--backbone", "sphereface18", "--out", tmp.resolve("m").toString()));
            assertTrue(captured.toString().contains("sphereface18"), captured.toString());
            assertEquals(2, Main.run("embed", "--model", tmp.toString(), "--images", tmp.toString(), "--out",
                    tmp.resolve("x.parquet").toString()));
            assertTrue(captured.toString().contains(".npy, .csv or .jsonl"), captured.toString());
            assertTrue(Files.notExists(tmp.resolve("x.npy")));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void serveWithoutDetectorModelsStartsWithoutDetection() throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--model", tmp.toString(), "--gallery", tmp.toString(), "--models",
                tmp.resolve("no-models").toString());
        // the service then answers raw photos without landmarks with 422 (FacePreparer, ServiceLfwTest)
        assertTrue(serve.loadDetector().isEmpty());
    }
}
