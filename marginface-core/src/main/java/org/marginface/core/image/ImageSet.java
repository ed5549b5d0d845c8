package org.marginface.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An ordered set of image files, named as the user will see them in outputs: relative to the
 * directory walked, as written in a list file, or as given for a single file.
 */
public record ImageSet(Path root, List<Entry> entries) {

    /** One image: where it is and the name that identifies it in outputs. */
    public record Entry(Path file, String name) {}

    public ImageSet {
        entries = List.copyOf(entries);
    }

    public int size() {
        return entries.size();
    }

    /**
     * Resolves a path given on the command line: a directory (walked recursively for .jpg, .jpeg and
     * .png files, in sorted order), a list file (.txt or .lst: the first whitespace-separated field of
     * each non-blank line is a path relative to the list file's folder; lines starting with # are
     * comments), or a single image.
     */
    public static ImageSet of(Path input) throws IOException {
        if (Files.isDirectory(input)) {
            return walk(input);
        }
        if (!Files.isRegularFile(input)) {
            throw new IOException(input + ": no such file or directory");
        }
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".txt") || name.endsWith(".lst")) {
            return listFile(input);
        }
        if (!isImageName(name)) {
            throw new IOException(input + ": not an image (.jpg, .jpeg, .png), a directory or a list file (.txt, .lst)");
        }
        return new ImageSet(input.getParent() == null ? Path.of(".") : input.getParent(),
                List.of(new Entry(input, input.toString())));
    }

    private static ImageSet walk(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> isImageName(p.getFileName().toString().toLowerCase(Locale.ROOT)))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .forEach(rel -> entries.add(new Entry(dir.resolve(rel), rel)));
        }
        if (entries.isEmpty()) {
            throw new IOException(dir + ": no .jpg, .jpeg or .png files found");
        }
        return new ImageSet(dir, entries);
    }

    private static ImageSet listFile(Path list) throws IOException {
        Path base = list.toAbsolutePath().getParent();
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(list);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String rel = line.split("\\s+", 2)[0];
            Path file = base.resolve(rel);
            if (!Files.isRegularFile(file)) {
                throw new IOException(list + " line " + (i + 1) + ": image '" + rel + "' not found at " + file);
            }
            entries.add(new Entry(file, rel));
        }
        if (entries.isEmpty()) {
            throw new IOException(list + ": the list names no images");
        }
        return new ImageSet(base, entries);
    }

    static boolean isImageName(String lowerCaseName) {
        return lowerCaseName.endsWith(".jpg") || lowerCaseName.endsWith(".jpeg") || lowerCaseName.endsWith(".png");
    }
}
