package org.marginface.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.pack.InsightfacePack;
import org.marginface.core.testing.TestData;
import org.marginface.train.config.ConfigLoader;
import org.marginface.train.data.Dataset;
import org.marginface.train.data.Sample;

/** Training from a .rec pack is training from the folder it was packed from. */
class RecTrainingRunTest {

    @TempDir
    Path tmp;

    @Test
    void aPackAndItsFolderGiveTheSameImagesInTheSameOrderAndTheSameLosses() throws Exception {
        Path source = TestData.require("celeba/celeba-112x96");
        Path tree = tmp.resolve("tree");
        try (Stream<Path> s = Files.list(source)) {
            for (Path folder : s.filter(Files::isDirectory).sorted().limit(3).toList()) {
                Path target = Files.createDirectories(tree.resolve(folder.getFileName().toString()));
                try (Stream<Path> images = Files.list(folder)) {
                    for (Path image : images.toList()) {
                        Files.copy(image, target.resolve(image.getFileName()));
                    }
                }
            }
        }
        Dataset folders = Dataset.fromFolders(tree);
        List<Sample> samples = folders.samples();
        Path rec = tmp.resolve("train.rec");
        InsightfacePack.write(rec, samples.stream().mapToInt(Sample::label).toArray(),
                i -> Files.readAllBytes(samples.get(i).file()));

        TrainingRun.start(config("images", tree), tmp.resolve("folder-run"), TrainingRun.Options.quiet());
        TrainingRun.start(config("rec", rec), tmp.resolve("rec-run"), TrainingRun.Options.quiet());
        List<JsonNode> a = steps(tmp.resolve("folder-run"));
        List<JsonNode> b = steps(tmp.resolve("rec-run"));
        assertEquals(4, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).get("loss").asDouble(), b.get(i).get("loss").asDouble(), 1e-5, "loss at step " + (i + 1));
            assertEquals(a.get(i).get("accuracy").asDouble(), b.get(i).get("accuracy").asDouble(), 1e-9);
        }
        // the same classes in the same order: the label files differ only in the identities' names
        assertEquals(counts(tmp.resolve("folder-run")), counts(tmp.resolve("rec-run")));
    }

    private static List<JsonNode> steps(Path run) throws IOException {
        return MetricsLog.read(run.resolve(MetricsLog.FILE_NAME)).stream().filter(l -> l.has("loss")).toList();
    }

    private static List<String> counts(Path run) throws IOException {
        return Files.readAllLines(run.resolve("labels.tsv")).stream().map(l -> l.substring(l.lastIndexOf('\t'))).toList();
    }

    private ConfigLoader.Loaded config(String format, Path root) throws IOException {
        Path file = tmp.resolve(format + ".yaml");
        Files.writeString(file, """
                name: tiny
                seed: 3
                data: {format: %s, root: %s, workers: 2, prefetch: 2}
                backbone: {name: sphereface4, embeddingSize: 64}
                schedule: {iterations: 4, steps: []}
                batch: {size: 8}
                checkpoint: {every: 4, keep: 1}
                """.formatted(format, root));
        return new ConfigLoader().load(file, List.of());
    }
}
