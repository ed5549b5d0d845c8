package org.marginface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.marginface.eval.SyntheticPairs.negated;
import static org.marginface.eval.SyntheticPairs.pair;
import static org.marginface.eval.SyntheticPairs.v;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwVerificationTest {

    /**
     * Ten folds of two matched and two mismatched pairs; each fold's second pair of a kind is the
     * first one negated, so every fold's features sum to zero and SphereFace's centring subtracts
     * exactly nothing. Fold 1 scores 0 for both kinds; the other folds score 0.6 (matched, (1,0)
     * against (3,4)) and -0.6 (mismatched, (1,0) against (-3,4)).
     */
    private static SyntheticPairs sphereFaceFolds() {
        SyntheticPairs pairs = new SyntheticPairs(2);
        float[][] zero = pair(v(1, 0), v(0, 1));
        pairs.fold(List.of(zero, negate(zero)), List.of(zero, negate(zero)));
        float[][] matched = pair(v(1, 0), v(3, 4));
        float[][] mismatched = pair(v(1, 0), v(-3, 4));
        for (int f = 2; f <= 10; f++) {
            pairs.fold(List.of(matched, negate(matched)), List.of(mismatched, negate(mismatched)));
        }
        return pairs;
    }

    @Test
    void sphereFaceKnownAnswer() {
        SyntheticPairs synthetic = sphereFaceFolds();
        LfwEvaluation evaluation = LfwVerification.evaluate(synthetic.pairs(), synthetic.features(),
                Protocol.SPHEREFACE, false);
        VerificationResult result = evaluation.result();

        // fold 1 held out: training scores 0.6 / -0.6, best for -0.6 < t < 0.6, mean 0; fold 1's
        // scores sit exactly on 0, which is wrong for both kinds: accuracy 0.
        // other folds held out: training adds fold 1's zeros, best for -0.6 < t < 0 and for
        // 0 < t < 0.6 (t = 0 gets both zeros wrong); the mean over both is 0 again (the first best
        // would be -0.5999); their own scores are all right.
        assertEquals(new FoldResult(1, 0.0, 0.0, 0, 4), result.folds().get(0));
        for (int f = 2; f <= 10; f++) {
            assertEquals(new FoldResult(f, 1.0, 0.0, 4, 4), result.folds().get(f - 1));
        }
        assertEquals(0.9, result.accuracy(), 1e-15);
        assertEquals(0.3, result.std(), 1e-15);
        // genuine cosines 18 x 0.6 and 2 x 0, impostor 18 x -0.6 and 2 x 0: the zeros tie
        assertEquals(398 / 400.0, result.auc(), 0);
        // corners (0, 0.9) and (0.1, 1) straddle far = 1 - tar, crossing at far = 0.05
        assertEquals(0.05, result.eer(), 1e-15);
        // 20 impostors allow no false accept at 1e-3 or 1e-2: threshold 0, the largest impostor
        assertEquals(new OperatingPoint(1e-3, 0.9, 0.0, 0.0), result.tarAtFar().get(0));
        assertEquals(new OperatingPoint(1e-2, 0.9, 0.0, 0.0), result.tarAtFar().get(1));
        assertNull(result.valAtFar());
        assertEquals("cosine", result.scoreName());
        assertEquals(40, evaluation.pairScores().size());
        PairScore first = evaluation.pairScores().get(0);
        assertEquals(0.0, first.score(), 0);
        assertFalse(first.correct());
    }

    @Test
    void sphereFaceCentresOnTheTrainingFoldsOnly() {
        // the same folds shifted by a common offset: centring removes it, so nothing changes
        SyntheticPairs synthetic = sphereFaceFolds();
        Map<Path, float[]> shifted = new HashMap<>();
        synthetic.features().forEach((image, f) -> shifted.put(image, v(f[0] + 7, f[1] - 5)));
        VerificationResult result = LfwVerification.evaluate(synthetic.pairs(), shifted, Protocol.SPHEREFACE, false)
                .result();
        assertEquals(0.9, result.accuracy(), 1e-12);
        assertEquals(0.0, result.folds().get(3).threshold(), 1e-12);
    }

    /**
     * Ten folds of two matched and two mismatched pairs, raw lengths other than 1: matched pairs
     * are one direction twice (distance 0), mismatched pairs orthogonal (distance 2); fold 1's
     * second matched pair is orthogonal too.
     */
    @Test
    void insightfaceKnownAnswer() {
        SyntheticPairs synthetic = new SyntheticPairs(2);
        float[][] identical = pair(v(2, 0), v(5, 0));
        float[][] orthogonal = pair(v(3, 0), v(0, 0.5f));
        synthetic.fold(List.of(identical, orthogonal), List.of(orthogonal, orthogonal));
        for (int f = 2; f <= 10; f++) {
            synthetic.fold(List.of(identical, identical), List.of(orthogonal, orthogonal));
        }
        LfwEvaluation evaluation = LfwVerification.evaluate(synthetic.pairs(), synthetic.features(),
                Protocol.INSIGHTFACE, false);
        VerificationResult result = evaluation.result();

        // fold 1 held out: training is right for 0 < t <= 2, first best 0.01; the orthogonal
        // matched pair is called different: 3 of 4. Other folds: training has one matched pair at
        // 2 that no threshold up to 2 accepts; the first best is still 0.01; all of theirs right.
        assertEquals(new FoldResult(1, 0.75, 0.01, 3, 4), result.folds().get(0));
        for (int f = 2; f <= 10; f++) {
            assertEquals(new FoldResult(f, 1.0, 0.01, 4, 4), result.folds().get(f - 1));
        }
        assertEquals(0.975, result.accuracy(), 1e-15);
        assertEquals(0.075, result.std(), 1e-15);
        assertEquals("squared_distance", result.scoreName());
        // cosines: genuine 19 x 1 and 1 x 0, impostor 20 x 0
        assertEquals(390 / 400.0, result.auc(), 0);
        // corners (0, 0.95) and (1, 1): crossing at far = 0.05 / 1.05
        assertEquals(1 / 21.0, result.eer(), 1e-15);
        // VAL: every fold's training FAR jumps from 0 (t <= 2) to 1 (t >= 2.001), so the
        // threshold lands just above 2 and accepts every pair at distance 2, matched or not
        assertEquals(1e-3, result.valAtFar().farTarget(), 0);
        assertEquals(1.0, result.valAtFar().val(), 0);
        assertEquals(0.0, result.valAtFar().valStd(), 0);
        assertEquals(1.0, result.valAtFar().far(), 0);
        // the service's thresholds on the plain cosines: no impostor may pass at FAR 1e-3 of 20, so the
        // threshold is just above the highest impostor cosine, 0 (the service accepts at or above it);
        // the best accuracy separates 1 from 0 (39 of 40)
        ServingThresholds thresholds = ServingThresholds.of(synthetic.pairs(), synthetic.features());
        assertEquals(new OperatingPoint(1e-3, 0.95, Double.MIN_VALUE, 0.0), thresholds.atFar().get(0));
        assertEquals(0.5, thresholds.bestAccuracyThreshold(), 1e-12);
        assertEquals(39 / 40.0, thresholds.bestAccuracy(), 0);
    }

    @Test
    void aMissingFeatureNamesTheLineOfThePair() {
        SyntheticPairs synthetic = sphereFaceFolds();
        LfwPairs pairs = synthetic.pairs();
        Path missing = pairs.pairs().get(5).second();
        Map<Path, float[]> features = new HashMap<>(synthetic.features());
        features.remove(missing);
        LfwPairsException e = assertThrows(LfwPairsException.class,
                () -> LfwVerification.evaluate(pairs, features, Protocol.SPHEREFACE, false));
        assertTrue(e.getMessage().contains("line 7"), e.getMessage());
        assertTrue(e.getMessage().contains(pairs.relative(missing)), e.getMessage());
    }

    @Test
    void featuresOfDifferentLengthsAreRefused() {
        SyntheticPairs synthetic = sphereFaceFolds();
        Map<Path, float[]> features = new HashMap<>(synthetic.features());
        features.put(synthetic.pairs().pairs().get(3).first(), v(1, 2, 3));
        assertThrows(IllegalArgumentException.class,
                () -> LfwVerification.evaluate(synthetic.pairs(), features, Protocol.INSIGHTFACE, false));
    }

    @Test
    void aZeroFeatureIsAnErrorNotASilentNaN() {
        SyntheticPairs synthetic = sphereFaceFolds();
        Map<Path, float[]> features = new HashMap<>(synthetic.features());
        features.put(synthetic.pairs().pairs().get(9).second(), v(0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LfwVerification.evaluate(synthetic.pairs(), features, Protocol.INSIGHTFACE, false));
        assertTrue(e.getMessage().contains("line 11"), e.getMessage());
    }

    @Test
    void eachImageIsAskedForOnce() {
        SyntheticPairs synthetic = sphereFaceFolds();
        Map<Path, Integer> asked = new HashMap<>();
        LfwVerification.evaluate(synthetic.pairs(), image -> {
            asked.merge(image, 1, Integer::sum);
            return synthetic.features().get(image);
        }, Protocol.SPHEREFACE, false);
        assertEquals(synthetic.pairs().images().size(), asked.size());
        assertTrue(asked.values().stream().allMatch(n -> n == 1));
    }

    @Test
    void writesJsonAndPerPairCsv(@TempDir Path dir) throws IOException {
        SyntheticPairs synthetic = sphereFaceFolds();
        LfwPairs pairs = synthetic.pairs();
        LfwEvaluation evaluation = LfwVerification.evaluate(pairs, synthetic.features(), Protocol.INSIGHTFACE, false);

        Path json = dir.resolve("out/lfw.json");
        EvalFiles.writeJson(evaluation.result(), json);
        JsonNode tree = EvalFiles.json().readTree(json.toFile());
        assertEquals("insightface", tree.get("protocol").asText());
        for (String key : List.of("accuracy", "std", "folds", "auc", "eer", "tar_at_far", "val_at_far")) {
            assertTrue(tree.has(key), key + " in " + tree);
        }
        assertEquals(10, tree.get("folds").size());
        assertTrue(tree.get("folds").get(0).has("threshold"));
        assertEquals(evaluation.result(), EvalFiles.readJson(json, VerificationResult.class));

        Path csv = dir.resolve("out/lfw-pairs.csv");
        EvalFiles.writePairScores(evaluation, pairs, csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(41, lines.size());
        assertEquals("line,first,second,same,fold,squared_distance,correct", lines.get(0));
        LfwPair firstPair = pairs.pairs().get(0);
        assertEquals("2," + pairs.relative(firstPair.first()) + "," + pairs.relative(firstPair.second())
                + ",true,1," + evaluation.pairScores().get(0).score() + "," + evaluation.pairScores().get(0).correct(),
                lines.get(1));
    }

    @Test
    void protocolsAreNamedInLowerCase() {
        assertEquals(Protocol.INSIGHTFACE, Protocol.parse(" InsightFace "));
        assertEquals("sphereface", Protocol.SPHEREFACE.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protocol.parse("arcface"));
        assertEquals("unknown protocol 'arcface', expected one of sphereface, insightface", e.getMessage());
    }

    private static float[][] negate(float[][] pair) {
        return pair(negated(pair[0]), negated(pair[1]));
    }
}
