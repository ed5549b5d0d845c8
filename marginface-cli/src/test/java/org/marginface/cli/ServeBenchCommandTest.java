package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeBenchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void flagsSwitchOffTheInt7IndexAndTheMerge() {
        ServeBenchCommand defaults = new ServeBenchCommand();
        new CommandLine(defaults).parseArgs();
        assertFalse(defaults.noInt7);
        assertFalse(defaults.noMerge);
        ServeBenchCommand off = new ServeBenchCommand();
        new CommandLine(off).parseArgs("--no-int7", "--no-merge");
        assertTrue(off.noInt7);
        assertTrue(off.noMerge);
    }

    @Test
    void smallGalleryPrintsOneRowPerIndex() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertEquals(0, Main.run("serve-bench", "--sizes", "300", "--dimension", "16", "--queries", "10",
                    "--candidates", "5,300", "--work", tmp.toString()));
        } finally {
            System.setOut(out);
        }
        String table = captured.toString();
        assertTrue(table.contains("| 300 | 16 | HNSW float32 | 1 |"), table);
        assertTrue(table.contains("| 300 | 16 | HNSW int7 | 1 |"), table);
        // one row per index and breadth; a breadth covering the whole gallery is exact search
        assertEquals(4, table.lines().filter(l -> l.startsWith("| 300 |")).count(), table);
        assertTrue(table.lines().map(l -> l.split("\\s*\\|\\s*"))
                .anyMatch(c -> c.length > 10 && c[3].equals("HNSW float32") && c[6].equals("300")
                        && c[10].equals("1.000 (10 probes)")), table);
        assertTrue(Files.isDirectory(tmp.resolve("300-16-float-m16-b100")));
    }
}
