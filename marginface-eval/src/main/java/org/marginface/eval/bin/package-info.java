/** insightface's {@code .bin} verification sets: reading, writing, and their pairs as LFW-style folds. */
package org.marginface.eval.bin;
