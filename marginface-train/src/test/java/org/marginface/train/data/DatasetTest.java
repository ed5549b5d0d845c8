package org.marginface.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    @Test
    void listFileLabelsAreRenumberedDenselyInIncreasingOrder() throws IOException {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, """
                bob/1.jpg 70
                ann/1.jpg 12
                # a comment
                ann/2.jpg 12

                cid/1.png 900
                """);
        Dataset d = Dataset.fromList(list, dir);
        assertEquals(List.of(1, 0, 0, 2), d.samples().stream().map(Sample::label).toList());
        assertEquals(List.of("ann", "bob", "cid"), d.labels().identities());
        assertEquals(List.of(2, 1, 1), d.labels().imageCounts());
        assertEquals(dir.resolve("cid/1.png"), d.samples().get(3).file());

        Dataset fewer = d.without(List.of("ann/2.jpg"));
        assertEquals(3, fewer.size());
        assertEquals(List.of(1, 1, 1), fewer.labels().imageCounts());
        assertNotEquals(d.fingerprint(), fewer.fingerprint());
    }

    @Test
    void aBadListLineIsAnErrorNamingFileAndLine() throws IOException {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "a/1.jpg 0\na/2.jpg zero\n");
        IOException e = assertThrows(IOException.class, () -> Dataset.fromList(list, dir));
        assertTrue(e.getMessage().contains("list.txt:2"), e.getMessage());
    }

    @Test
    void identityFoldersGiveLabelsInNameOrder() throws IOException {
        for (String file : List.of("zed/a.jpg", "amy/b.JPG", "amy/c.png", "amy/notes.txt", "empty/.keep")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "x");
        }
        Dataset d = Dataset.fromFolders(dir);
        assertEquals(List.of("amy", "zed"), d.labels().identities(), "folders without images get no label");
        assertEquals(List.of("amy/b.JPG", "amy/c.png", "zed/a.jpg"), d.samples().stream().map(Sample::name).toList());
        assertEquals(List.of(0, 0, 1), d.samples().stream().map(Sample::label).toList());
    }
}
