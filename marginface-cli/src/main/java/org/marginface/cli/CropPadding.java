package org.marginface.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.image.FaceImages;

/** Says on stderr when aligned crops are padded to the model's input (e.g. 112x96 crops for a 112x112 model). */
final class CropPadding {

    private CropPadding() {}

    /** Prints a note when the first crop of {@code images} needs padding for {@code model}. */
    static void note(EmbeddingModel model, List<Path> images) throws IOException {
        if (images.isEmpty()) {
            return;
        }
        BufferedImage first = FaceImages.read(images.get(0));
        int pad = model.input().padding(first.getHeight(), first.getWidth());
        if (pad > 0) {
            System.err.printf(Locale.ROOT, "note: the %dx%d crops are padded by %d black columns on each side for"
                    + " this %dx%d model (the geometry is exact; the missing columns cost some accuracy)%n",
                    first.getHeight(), first.getWidth(), pad, model.input().height(), model.input().width());
        }
    }
}
