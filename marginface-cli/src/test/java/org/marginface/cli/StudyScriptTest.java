package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/study.sh's bookkeeping, with a stand-in launcher that records its calls and writes the files
 * the real commands write: what is finished is not redone, a stopped run resumes, a run that fails on
 * its own is recorded and skipped, and the table lands between the results document's markers.
 */
class StudyScriptTest {

    private static final Path SCRIPT = Path.of("../scripts/study.sh").toAbsolutePath().normalize();

    /** Records every call in $CALLS; "train" fails for the config named in $FAIL_CONFIG. */
    private static final String STAND_IN = """
            #!/usr/bin/env bash
            set -eu
            echo "$*" >> "$CALLS"
            out=""; resume=""; config=""
            args=("$@")
            for ((i = 0; i < ${#args[@]}; i++)); do
              case "${args[$i]}" in
                --out) out="${args[$((i + 1))]}" ;;
                --resume) resume="${args[$((i + 1))]}" ;;
                --config) config="${args[$((i + 1))]}" ;;
              esac
            done
            case "$1" in
              train)
                run="${out:-$resume}"
                mkdir -p "$run"
                echo "name: stand-in" > "$run/config.yaml"
                if [ -n "$config" ] && [ "$(basename "$config" .yaml)" = "${FAIL_CONFIG:-}" ]; then
                  echo "non-finite loss at iteration 7" > "$run/train.log"
                  exit 3
                fi
                mkdir -p "$run/model"
                echo "{}" > "$run/model/manifest.json"
                echo '{"iteration":1,"loss":1.0}' > "$run/metrics.jsonl" ;;
              eval)
                echo "{}" > "$out"
                if [ "$2" = lfw ]; then printf 'line,correct\n2,true\n' > "$(dirname "$out")/lfw-sphereface.csv"; fi ;;
              summarize) mkdir -p "$(dirname "$out")"; echo "| the table |" > "$out.md" ;;
            esac
            """;

    @TempDir
    Path tmp;

    private List<String> runStudy() throws IOException, InterruptedException {
        Path calls = tmp.resolve("calls.txt");
        Files.deleteIfExists(calls);
        Files.createFile(calls);
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("study-output.txt").toFile());
        builder.environment().put("MARGINFACE_BIN", tmp.resolve("marginface").toString());
        builder.environment().put("MARGINFACE_DATA", tmp.resolve("data").toString());
        builder.environment().put("STUDY_RUNS", tmp.resolve("runs").toString());
        builder.environment().put("STUDY_DOCS", tmp.resolve("docs/study").toString());
        builder.environment().put("STUDY_RESULTS", tmp.resolve("results.md").toString());
        builder.environment().put("CALLS", calls.toString());
        builder.environment().put("FAIL_CONFIG", "sphereface-m4");
        Process process = builder.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "study.sh did not finish");
        String output = Files.readString(tmp.resolve("study-output.txt"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        return Files.readAllLines(calls, StandardCharsets.UTF_8);
    }

    private static long count(List<String> calls, String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    @Test
    void finishedWorkIsNotRedoneAndStoppedRunsResume() throws Exception {
        Files.createDirectories(tmp.resolve("data/lfw"));
        Path launcher = Files.writeString(tmp.resolve("marginface"), STAND_IN, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(tmp.resolve("results.md"),
                "# Results\n<!-- study-table:begin -->\nold table\n<!-- study-table:end -->\nafter\n");

        List<String> first = runStudy();
        assertEquals(12, count(first, "train --config"), first.toString());
        assertTrue(first.contains("train --config configs/study/softmax.yaml --set seed=2 --out "
                + tmp.resolve("runs/softmax-seed2") + ""), first.toString());
        // the failed run is not evaluated; the eleven others get three evaluations each
        assertEquals(11, count(first, "eval lfw"));
        assertEquals(11, count(first, "eval identify"));
        assertEquals(11, count(first, "eval norms"));
        assertTrue(Files.readString(tmp.resolve("runs/sphereface-m4-seed1/failed.txt"))
                .contains("non-finite loss at iteration 7"));
        assertEquals("# Results\n<!-- study-table:begin -->\n| the table |\n<!-- study-table:end -->\nafter\n",
                Files.readString(tmp.resolve("results.md")));
        assertTrue(Files.isRegularFile(tmp.resolve("docs/study/runs/softmax-seed1/eval/lfw.json")));
        // the per-pair outcomes the pair-by-pair table is computed from are kept, compressed
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(tmp.resolve("docs/study/runs/softmax-seed1/eval/lfw-sphereface.csv.gz")))) {
            assertEquals("line,correct\n2,true\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(Files.isRegularFile(tmp.resolve("docs/study/runs/sphereface-m4-seed1/failed.txt")));

        List<String> second = runStudy();
        assertEquals(0, count(second, "train"), second.toString());
        assertEquals(0, count(second, "eval"), second.toString());
        assertEquals(1, count(second, "summarize"), second.toString());

        // a run stopped before its model was written resumes; a lost evaluation is redone alone
        Files.delete(tmp.resolve("runs/normface-seed1/model/manifest.json"));
        Files.delete(tmp.resolve("runs/arcface-m0.5-seed1/eval/identify.json"));
        List<String> third = runStudy();
        assertEquals(List.of("train --resume " + tmp.resolve("runs/normface-seed1")),
                third.stream().filter(c -> c.startsWith("train")).toList());
        List<String> evaluations = third.stream().filter(c -> c.startsWith("eval")).toList();
        assertEquals(1, evaluations.size(), "normface's evaluations exist; only arcface's lost one is redone: " + third);
        assertTrue(evaluations.get(0).startsWith("eval identify --model " + tmp.resolve("runs/arcface-m0.5-seed1/model")),
                evaluations.get(0));
    }
}
