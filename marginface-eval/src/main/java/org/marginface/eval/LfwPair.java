package org.marginface.eval;

import java.nio.file.Path;

/**
 * One line of LFW's {@code pairs.txt}.
 *
 * @param line   the line number in pairs.txt (1-based, the header is line 1)
 * @param fold   the View 2 fold the pair belongs to (1-based)
 * @param first  the first image, resolved under the image root
 * @param second the second image, resolved under the image root
 * @param same   whether both images show the same person
 */
public record LfwPair(int line, int fold, Path first, Path second, boolean same) {}
