package org.marginface.train.data;

import java.nio.file.Path;

/**
 * One training image.
 *
 * @param file where it is read from: the image file, or the {@code .rec} that holds it
 * @param name its path relative to the dataset root, or {@code <pack>.rec#<key>}, as listed in run directories
 * @param label its dense class index 0..C−1
 * @param record its key in the {@code .rec}, or −1 for an image file
 */
public record Sample(Path file, String name, int label, long record) {

    /** An image file. */
    public Sample(Path file, String name, int label) {
        this(file, name, label, -1);
    }

    /** The same image under another label (a dataset renumbering its classes); its file and record stay. */
    public Sample withLabel(int newLabel) {
        return new Sample(file, name, newLabel, record);
    }

    /** What names this image in errors: its file, or {@code <dir>/<pack>.rec#<key>}. */
    public Path source() {
        return record < 0 ? file : file.resolveSibling(name);
    }
}
