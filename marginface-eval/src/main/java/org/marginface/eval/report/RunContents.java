package org.marginface.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a report shows of one run directory; each part that is not there is empty.
 *
 * @param directory   the run directory
 * @param name        the config's {@code name}, else the directory's name
 * @param configYaml  {@code config.yaml} as written, for showing verbatim
 * @param config      the same, parsed (a missing node when there is no config)
 * @param training    the per-iteration lines of {@code metrics.jsonl}, in file order
 * @param evaluations the evaluation lines of {@code metrics.jsonl}
 */
public record RunContents(Path directory, String name, Optional<String> configYaml, JsonNode config,
        List<TrainingPoint> training, List<TrainingEvaluation> evaluations, Optional<LfwFile> lfw,
        Optional<IdentificationFile> identification, Optional<NormsFile> norms) {

    public RunContents {
        training = List.copyOf(training);
        evaluations = List.copyOf(evaluations);
    }

    public Optional<TrainingPoint> last() {
        return training.isEmpty() ? Optional.empty() : Optional.of(training.get(training.size() - 1));
    }

    /** {@code backbone.name} of the config, or "?" without one. */
    public String backbone() {
        return config.path("backbone").path("name").asText("?");
    }

    /** The head's type and its parameters, e.g. "amsoftmax (s=30, m=0.35)". */
    public String head() {
        JsonNode head = config.path("head");
        if (!head.isObject()) {
            return "?";
        }
        StringBuilder params = new StringBuilder();
        head.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("type")) {
                params.append(params.length() == 0 ? "" : ", ").append(field.getKey()).append('=')
                        .append(field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
            }
        });
        String type = head.path("type").asText("?");
        return params.length() == 0 ? type : type + " (" + params + ")";
    }

    /** {@code schedule.iterations}: how long the run was configured to train, or -1. */
    public long plannedIterations() {
        return config.path("schedule").path("iterations").asLong(-1);
    }
}
