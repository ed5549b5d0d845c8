package org.marginface.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the aligned LFW images and pairs.txt are, from {@code --lfw} and {@code --pairs}. */
public record LfwLocation(Path images, Path pairs) {

    /**
     * @param lfw the LFW folder holding {@code lfw-112x96/} and {@code pairs.txt}, or the image folder itself
     * @param pairs pairs.txt, or null to look beside the images
     */
    public static LfwLocation of(Path lfw, Path pairs) throws IOException {
        Path images = imageFolder(lfw);
        Path p = pairs;
        if (p == null) {
            p = Files.exists(images.resolve("pairs.txt")) ? images.resolve("pairs.txt") : images.resolveSibling("pairs.txt");
        }
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + ": pairs file not found (give it with --pairs)");
        }
        return new LfwLocation(images, p);
    }

    /** The aligned image folder of {@code --lfw}: its {@code lfw-112x96/} when there is one, else the folder itself. */
    public static Path imageFolder(Path lfw) throws IOException {
        Path images = Files.isDirectory(lfw.resolve("lfw-112x96")) ? lfw.resolve("lfw-112x96") : lfw;
        if (!Files.isDirectory(images)) {
            throw new IOException(lfw + ": no such LFW directory");
        }
        return images;
    }
}
