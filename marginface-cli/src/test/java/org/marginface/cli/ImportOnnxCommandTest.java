package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;

class ImportOnnxCommandTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    @Test
    void aFileThatIsNotOnnxIsOneLineNamingIt() throws IOException {
        Path text = Files.writeString(tmp.resolve("model.onnx"), "hello\n");
        Run r = run("import", "onnx", "--onnx", text.toString(), "--out", tmp.resolve("m").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + text + ": not a valid ONNX graph"), r.err());
    }

    @Test
    void anImportedModelEmbeds112x96CropsPaddedAndATamperedOneIsRefused() throws IOException {
        Path onnx = TestModels.require("fr-feature/fr_feature.onnx");
        Path lfw = TestData.require("lfw/lfw-112x96");
        Path model = tmp.resolve("frf");
        Run imported = run("import", "onnx", "--onnx", onnx.toString(), "--out", model.toString(),
                "--normalize", "127/128");
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("512-d embedding, batch fixed at 1"), imported.out());

        Path list = Files.write(tmp.resolve("list.txt"), List.of(
                lfw.resolve("Abel_Pacheco/Abel_Pacheco_0001.jpg").toString(),
                lfw.resolve("Abel_Pacheco/Abel_Pacheco_0004.jpg").toString()));
        Path out = tmp.resolve("e.csv");
        Run embed = run("embed", "--model", model.toString(), "--images", list.toString(), "--out", out.toString(),
                "--flip", "concat");
        assertEquals(0, embed.code(), embed.err());
        assertTrue(embed.err().contains("padded by 8 black columns"), embed.err());
        List<String> rows = Files.readAllLines(out);
        assertEquals(3, rows.size()); // header, two rows
        assertEquals(1 + 1024, rows.get(1).split(",").length, rows.get(1).substring(0, 100)); // name, 2 x 512 values

        byte[] bytes = Files.readAllBytes(model.resolve("model.onnx"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(model.resolve("model.onnx"), bytes);
        Run tampered = run("embed", "--model", model.toString(), "--images", list.toString(), "--out", out.toString());
        assertEquals(2, tampered.code());
        assertEquals(1, tampered.err().strip().lines().filter(l -> l.startsWith("error:")).count(), tampered.err());
        assertTrue(tampered.err().contains(model.resolve("model.onnx") + " (" + bytes.length + " bytes) has SHA-256"),
                tampered.err());
    }

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
