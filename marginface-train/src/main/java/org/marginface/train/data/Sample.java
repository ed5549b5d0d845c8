package org.marginface.train.data;

import java.nio.file.Path;

/**
 * One training image.
 *
 * @param file where it is read from
 * @param name its path relative to the dataset root, as listed in run directories
 * @param label its dense class index 0..C−1
 */
public record Sample(Path file, String name, int label) {}
