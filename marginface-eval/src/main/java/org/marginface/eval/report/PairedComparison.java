package org.marginface.eval.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two models judged on the same LFW pairs: the pairs only one of them gets right. Fold accuracies
 * vary with which pairs a fold holds, which both models share, so their spread overstates how
 * uncertain a difference between two models is; the discordant pairs do not, and McNemar's test on
 * them says whether a difference could be chance in the pairs. It says nothing of how another
 * training seed would do: that spread comes from repeated runs.
 *
 * @param run             the run compared
 * @param baseline        the run it is compared with
 * @param onlyRun         pairs the run gets right and the baseline wrong
 * @param onlyBaseline    pairs the baseline gets right and the run wrong
 * @param chiSquare       McNemar's statistic with continuity correction
 * @param pValue          two-sided exact binomial p-value of the discordant split
 */
public record PairedComparison(String run, String baseline, int onlyRun, int onlyBaseline, double chiSquare,
        double pValue) {

    /** The per-pair scores {@code eval lfw} writes for the paper's protocol. */
    static final String PAIR_SCORES = "lfw-sphereface.csv";

    /** Compares two runs' per-pair outcomes; empty when either lacks the per-pair file. */
    static Optional<PairedComparison> of(RunContents run, RunContents baseline) throws IOException {
        Path mine = run.directory().resolve(RunLayout.EVAL_DIR).resolve(PAIR_SCORES);
        Path theirs = baseline.directory().resolve(RunLayout.EVAL_DIR).resolve(PAIR_SCORES);
        if (!Files.isRegularFile(mine) || !Files.isRegularFile(theirs)) {
            return Optional.empty();
        }
        Map<String, Boolean> a = outcomes(mine);
        Map<String, Boolean> b = outcomes(theirs);
        if (!a.keySet().equals(b.keySet())) {
            throw new IOException(mine + " and " + theirs + " score different pairs: not comparable pair by pair");
        }
        int onlyRun = 0;
        int onlyBaseline = 0;
        for (Map.Entry<String, Boolean> e : a.entrySet()) {
            boolean other = b.get(e.getKey());
            if (e.getValue() && !other) {
                onlyRun++;
            } else if (!e.getValue() && other) {
                onlyBaseline++;
            }
        }
        return Optional.of(new PairedComparison(name(run), name(baseline), onlyRun, onlyBaseline,
                chiSquare(onlyRun, onlyBaseline), exactP(onlyRun, onlyBaseline)));
    }

    private static String name(RunContents run) {
        return run.directory().getFileName().toString();
    }

    /** pairs.txt line → correct, from the CSV's {@code line} and {@code correct} columns. */
    private static Map<String, Boolean> outcomes(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(csv + ": empty, expected a header line");
        }
        List<String> header = List.of(lines.get(0).split(","));
        int line = header.indexOf("line");
        int correct = header.indexOf("correct");
        if (line < 0 || correct < 0) {
            throw new IOException(csv + ": header lacks 'line' or 'correct': " + lines.get(0));
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",");
            if (fields.length != header.size()) {
                throw new IOException(csv + " line " + (i + 1) + ": " + fields.length + " fields, expected "
                        + header.size());
            }
            out.put(fields[line], Boolean.parseBoolean(fields[correct]));
        }
        return out;
    }

    static double chiSquare(int b, int c) {
        if (b + c == 0) {
            return 0;
        }
        double d = Math.max(0, Math.abs(b - c) - 1);
        return d * d / (b + c);
    }

    /** Two-sided exact p: twice the binomial(b + c, 1/2) tail at the smaller count, at most 1. */
    static double exactP(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1;
        }
        int k = Math.min(b, c);
        double logTerm = -n * Math.log(2); // log C(n, 0) / 2^n
        double tail = 0;
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logTerm);
            logTerm += Math.log((double) (n - i) / (i + 1));
        }
        return Math.min(1, 2 * tail);
    }
}
