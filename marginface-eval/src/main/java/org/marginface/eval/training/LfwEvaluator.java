package org.marginface.eval.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.marginface.core.evaluation.Evaluator;
import org.marginface.core.model.FaceModel;
import org.marginface.eval.LfwLocation;
import org.marginface.eval.LfwPairs;
import org.marginface.eval.LfwVerification;
import org.marginface.eval.Protocol;
import org.marginface.eval.VerificationResult;

/**
 * LFW verification during training, the paper's protocol over image + mirror summed: values
 * {@code lfw_accuracy}, {@code lfw_std} and {@code lfw_tar_at_far_1e-3}.
 */
public final class LfwEvaluator implements Evaluator {

    private final LfwPairs pairs;

    private LfwEvaluator(LfwPairs pairs) {
        this.pairs = pairs;
    }

    /** @param lfw the LFW folder (with {@code lfw-112x96/} and {@code pairs.txt}) or the aligned image folder */
    public static LfwEvaluator of(Path lfw) throws IOException {
        LfwLocation where = LfwLocation.of(lfw, null);
        return new LfwEvaluator(LfwPairs.read(where.pairs(), where.images()));
    }

    @Override
    public Map<String, Double> evaluate(FaceModel model, long iteration) throws IOException {
        VerificationResult r = LfwVerification.evaluate(pairs, TrainingFeatures.of(model, pairs.images()),
                Protocol.SPHEREFACE, false).result();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("lfw_accuracy", r.accuracy());
        out.put("lfw_std", r.std());
        out.put("lfw_tar_at_far_1e-3", r.tarAtFar().get(0).tar());
        return out;
    }
}
