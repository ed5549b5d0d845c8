package org.marginface.eval.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.marginface.core.evaluation.Evaluator;
import org.marginface.core.model.FaceModel;
import org.marginface.eval.LfwVerification;
import org.marginface.eval.Protocol;
import org.marginface.eval.VerificationResult;
import org.marginface.eval.bin.BinPairs;
import org.marginface.eval.bin.VerificationBin;

/**
 * An insightface verification set during training, insightface's protocol over image + mirror summed:
 * values {@code <set>_accuracy}, {@code <set>_std} and {@code <set>_val_at_far_1e-3}, the set named by
 * its file ({@code cfp_fp.bin} gives {@code cfp_fp_accuracy}).
 */
public final class BinEvaluator implements Evaluator {

    private final String name;
    private final VerificationBin bin;
    private BinPairs prepared;

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

    @Override
    public Map<String, Double> evaluate(FaceModel model, long iteration) throws IOException {
        if (prepared == null) {
            prepared = BinPairs.of(bin, model.spec().inputHeight(), model.spec().inputWidth());
        }
        VerificationResult r = LfwVerification.evaluate(prepared.pairs(),
                TrainingFeatures.of(model, prepared.pairs().images()), Protocol.INSIGHTFACE, false).result();
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
