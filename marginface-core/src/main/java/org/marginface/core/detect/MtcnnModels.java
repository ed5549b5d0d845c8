package org.marginface.core.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.marginface.core.model.FileDigest;

/**
 * The three MTCNN weight files of the authors' original release, found in a directory and checked
 * against their known SHA-256 digests before use (a different file, even a retrained MTCNN, would
 * silently change every detection and so every aligned face downstream).
 */
public record MtcnnModels(Path directory, CaffeModelReader.Net pnet, CaffeModelReader.Net rnet,
        CaffeModelReader.Net onet) {

    /** Where the files are published. */
    public static final String SOURCE =
            "https://github.com/kpzhang93/MTCNN_face_detection_alignment (folder code/codes/MTCNNv1/model)";

    /** The digests of the authors' files; they are fixed, so they live in the code, not beside the files. */
    static final Map<String, String> SHA256 = Map.of(
            "det1.caffemodel", "d6085e7f48ba7e6b6f1b58964595f6bce5b97bcc4866751f7b4bdc98f920c096",
            "det2.caffemodel", "39b20f7a57bb8176cc9466cea4dfd52da6a6f876de60c7ab222a309f2d0ca08c",
            "det3.caffemodel", "9d6098829a4d6d318f37cec42142465637fafe4c673f2e93b69495bf7ca23d2d");

    /**
     * Reads and checks the weights in {@code directory}, which is the folder holding
     * {@code det1.caffemodel} … {@code det3.caffemodel} or a models folder with an {@code mtcnn}
     * subfolder.
     *
     * @throws IOException naming the file and where to get it when a file is missing, and naming the
     *     file and both digests when one does not match
     */
    public static MtcnnModels load(Path directory) throws IOException {
        Path dir = resolve(directory);
        return new MtcnnModels(dir, read(dir, "det1.caffemodel"), read(dir, "det2.caffemodel"),
                read(dir, "det3.caffemodel"));
    }

    /**
     * The default place to look: {@code MARGINFACE_MODELS} (the folder itself or a models folder
     * with an {@code mtcnn} subfolder), else {@code ../shared/models/mtcnn} from the working directory
     * (the project root, where the shared data and models sit beside the project).
     */
    public static Path defaultDirectory() {
        String env = System.getenv("MARGINFACE_MODELS");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "models", "mtcnn");
    }

    /** The folder that holds the files: {@code directory} itself, or its {@code mtcnn} subfolder. */
    public static Path resolve(Path directory) {
        Path nested = directory.resolve("mtcnn");
        if (!Files.isRegularFile(directory.resolve("det1.caffemodel")) && Files.isDirectory(nested)) {
            return nested;
        }
        return directory;
    }

    private static CaffeModelReader.Net read(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IOException("MTCNN weights " + name + " not found in " + dir.toAbsolutePath()
                    + ": download det1.caffemodel, det2.caffemodel and det3.caffemodel from " + SOURCE
                    + " into that folder, or point --models (or MARGINFACE_MODELS) at the folder holding them");
        }
        String actual = FileDigest.sha256(file);
        String expected = SHA256.get(name);
        if (!expected.equals(actual)) {
            throw new IOException(file + ": SHA-256 " + actual + " differs from the authors' release (" + expected
                    + "); get the original file from " + SOURCE);
        }
        return CaffeModelReader.read(file);
    }
}
