package org.marginface.eval.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.marginface.core.evaluation.Evaluator;
import org.marginface.core.model.FaceModel;

/** Several evaluators as one: each runs in turn and their values are merged, names kept unique. */
public final class TrainingEvaluators implements Evaluator {

    private final List<Evaluator> parts;

    private TrainingEvaluators(List<Evaluator> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * The evaluation a training config asks for, or null when it asks for none.
     *
     * @param lfw the LFW folder, or null or blank for none
     * @param bins verification sets ({@code .bin}), read now
     * @throws IllegalArgumentException when two sets share a name
     */
    public static Evaluator of(String lfw, List<String> bins) throws IOException {
        List<Evaluator> parts = new ArrayList<>();
        try {
            if (lfw != null && !lfw.isBlank()) {
                parts.add(LfwEvaluator.of(Path.of(lfw)));
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < bins.size(); i++) {
                Path file = Path.of(bins.get(i));
                if (!names.add(BinEvaluator.nameOf(file))) {
                    throw new IllegalArgumentException("evaluation.bins[" + i + "]: a second set named "
                            + BinEvaluator.nameOf(file) + " (" + file + ")");
                }
                try {
                    parts.add(BinEvaluator.of(file));
                } catch (IOException e) {
                    throw new IOException("evaluation.bins[" + i + "]: " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Evaluator p : parts) {
                p.close();
            }
            throw e;
        }
        return parts.isEmpty() ? null : new TrainingEvaluators(parts);
    }

    @Override
    public Map<String, Double> evaluate(FaceModel model, long iteration) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Evaluator p : parts) {
            out.putAll(p.evaluate(model, iteration));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Evaluator p : parts) {
            try {
                p.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
