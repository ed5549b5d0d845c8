package org.marginface.eval.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.marginface.core.evaluation.Evaluator;
import org.marginface.core.model.FaceModel;
import org.marginface.eval.LfwVerification;
import org.marginface.eval.Protocol;
import org.marginface.eval.VerificationResult;
import org.marginface.eval.bin.BinPairs;
import org.marginface.eval.bin.VerificationBin;

/**
 * An insightface verification set under insightface's protocol: the one evaluation of a {@code .bin}
 * set, for {@code marginface eval bin} (features from the embedding cache) and during training (image
 * + mirror summed: values {@code <set>_accuracy}, {@code <set>_std} and {@code <set>_val_at_far_1e-3},
 * the set named by its file, {@code cfp_fp.bin} giving {@code cfp_fp_accuracy}). The set's images are
 * written once, at the first evaluation, and deleted by {@link #close}.
 */
public final class BinEvaluator implements Evaluator {

    /** The features of the set's images, however the caller embeds them. */
    @FunctionalInterface
    public interface Features {
        Map<Path, float[]> of(List<Path> images) throws IOException;
    }

    private final String name;
    private final VerificationBin bin;
    private BinPairs prepared;
    private int preparedHeight;
    private int preparedWidth;

    private BinEvaluator(String name, VerificationBin bin) {
        this.name = name;
        this.bin = bin;
    }

    /** Reads the set now, so that a broken file stops the run before it trains. */
    public static BinEvaluator of(Path file) throws IOException {
        return new BinEvaluator(nameOf(file), VerificationBin.read(file));
    }

    /** The set's name: its file name without {@code .bin}. */
    public static String nameOf(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".bin") ? n.substring(0, n.length() - 4) : n;
    }

    public String name() {
        return name;
    }

    /** The pairs in the set. */
    public int pairs() {
        return bin.pairs();
    }

    /**
     * The set's result for a model of input {@code height x width} whose features {@code features}
     * gives (images larger than the input centre-cropped, see {@link BinPairs}).
     */
    public VerificationResult result(int height, int width, Features features) throws IOException {
        if (prepared == null) {
            prepared = BinPairs.of(bin, height, width);
            preparedHeight = height;
            preparedWidth = width;
        } else if (height != preparedHeight || width != preparedWidth) {
            throw new IllegalArgumentException(bin.file() + ": prepared for " + preparedHeight + "x" + preparedWidth
                    + " inputs, asked for " + height + "x" + width);
        }
        return LfwVerification.evaluate(prepared.pairs(), features.of(prepared.pairs().images()),
                Protocol.INSIGHTFACE, false).result();
    }

    @Override
    public Map<String, Double> evaluate(FaceModel model, long iteration) throws IOException {
        VerificationResult r = result(model.spec().inputHeight(), model.spec().inputWidth(),
                images -> TrainingFeatures.of(model, images));
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(name + "_accuracy", r.accuracy());
        out.put(name + "_std", r.std());
        out.put(name + "_val_at_far_1e-3", r.valAtFar().val());
        return out;
    }

    @Override
    public void close() throws IOException {
        if (prepared != null) {
            prepared.close();
            prepared = null;
        }
    }
}
