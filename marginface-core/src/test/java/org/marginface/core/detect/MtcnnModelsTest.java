package org.marginface.core.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestModels;

class MtcnnModelsTest {

    @TempDir
    Path tmp;

    @Test
    void missingWeightsSayWhereToGetThem() {
        IOException e = assertThrows(IOException.class, () -> MtcnnModels.load(tmp));
        assertTrue(e.getMessage().contains("det1.caffemodel"), e.getMessage());
        assertTrue(e.getMessage().contains("github.com/kpzhang93/MTCNN_face_detection_alignment"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void aChangedFileFailsTheDigestCheck() throws IOException {
        Path shared = TestModels.require("mtcnn");
        for (String name : MtcnnModels.SHA256.keySet()) {
            Files.copy(shared.resolve(name), tmp.resolve(name));
        }
        assertEquals(tmp, MtcnnModels.load(tmp).directory());
        Files.write(tmp.resolve("det2.caffemodel"), new byte[] {0}, StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, () -> MtcnnModels.load(tmp));
        assertTrue(e.getMessage().contains("det2.caffemodel") && e.getMessage().contains("SHA-256")
                && e.getMessage().contains(MtcnnModels.SHA256.get("det2.caffemodel")), e.getMessage());
    }

    @Test
    void theSharedFilesMatchTheDigestsTheirFolderLists() throws IOException {
        Path shared = TestModels.require("mtcnn");
        String sums = Files.readString(shared.resolve("SHA256SUMS"));
        MtcnnModels.SHA256.forEach((name, digest) -> assertTrue(sums.contains(digest + "  " + name), name));
        // a models folder with an mtcnn subfolder is accepted too
        assertEquals(shared, MtcnnModels.resolve(shared.getParent()));
    }
}
