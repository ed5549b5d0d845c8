package org.marginface.train.run;

import java.util.List;

/**
 * What besides the weights a checkpoint must hold for a resumed run to continue exactly: the
 * iteration, and the seed and data listing that (with the iteration) fix the data order and the
 * mirror flips.
 *
 * @param iteration completed steps; the resumed run's first step has this 0-based index
 * @param seed the run's seed (data order, flips)
 * @param epoch the epoch the next sample belongs to (informational: it follows from the rest)
 * @param samplesSeen images consumed so far
 * @param dataFingerprint the readable dataset's listing digest, which must match on resume
 * @param optimizerParameters the order of the momentum buffers in {@code optimizer.params}
 * @param optimizerDigest SHA-256 of {@code optimizer.params}, so that a damaged file is found before it
 *     is loaded (null in checkpoints written before it was recorded)
 */
public record CheckpointState(
        long iteration, long seed, long epoch, long samplesSeen, String dataFingerprint,
        List<String> optimizerParameters, String optimizerDigest) {

    public CheckpointState {
        optimizerParameters = List.copyOf(optimizerParameters);
    }

    CheckpointState withOptimizerDigest(String digest) {
        return new CheckpointState(iteration, seed, epoch, samplesSeen, dataFingerprint, optimizerParameters, digest);
    }
}
