package org.marginface.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The study's claim "everything equal but the head" holds for the committed configs. */
class StudyConfigsTest {

    private static final Path STUDY = Path.of("../configs/study");

    private final ConfigLoader loader = new ConfigLoader(Map.of("MARGINFACE_DATA", "/data")::get);

    @Test
    void studyConfigsDifferOnlyInNameAndHead() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(STUDY)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 9, "the study has nine heads, found " + files);
        ObjectNode reference = null;
        Set<String> heads = new TreeSet<>();
        for (Path file : files) {
            ConfigLoader.Loaded loaded = loader.load(file, List.of());
            String stem = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            assertEquals(stem, loaded.config().name(), file + ": name must be the file's name (the run's directory)");
            heads.add(loaded.tree().get("head").toString());
            ObjectNode rest = loaded.tree().deepCopy();
            rest.remove(List.of("name", "head"));
            if (reference == null) {
                reference = rest;
            } else {
                assertEquals(reference, rest, file + " differs from " + files.get(0) + " outside name and head");
            }
        }
        assertEquals(files.size(), heads.size(), "two study configs have the same head: " + heads);
    }
}
