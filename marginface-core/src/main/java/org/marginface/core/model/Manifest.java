package org.marginface.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.head.HeadSpec;

/**
 * What makes a model directory self-describing; written as {@code manifest.json} beside the weights.
 *
 * @param formatVersion layout version of the model directory
 * @param backbone the network that turns an aligned face into an embedding
 * @param head the training head, or {@code null} for a model saved without one (e.g. {@code init})
 * @param numClasses classes of the head (0 without a head)
 * @param seed the seed the weights were initialised from
 * @param training the resolved training configuration, or {@code null}
 * @param dataFingerprint a digest of the training data listing, or {@code null}
 * @param codeVersion the marginface version that wrote the directory
 * @param created when the directory was written (ISO-8601), informational only
 * @param files SHA-256 digest of each weights file, by file name
 */
public record Manifest(
        int formatVersion,
        BackboneSpec backbone,
        HeadSpec head,
        int numClasses,
        long seed,
        JsonNode training,
        String dataFingerprint,
        String codeVersion,
        String created,
        Map<String, String> files) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    public static final String BACKBONE_FILE = "backbone.params";
    public static final String HEAD_FILE = "head.params";

    public Manifest {
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /** The same manifest with the weights' digests set. */
    public Manifest withFiles(Map<String, String> digests) {
        return new Manifest(formatVersion, backbone, head, numClasses, seed, training, dataFingerprint,
                codeVersion, created, digests);
    }

    /** A short, stable identity of the weights (the backbone digest's first 16 hex digits). */
    public String fingerprint() {
        String digest = files.get(BACKBONE_FILE);
        return digest == null ? "unsaved" : digest.substring(0, 16);
    }
}
