package org.marginface.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.head.HeadSpec;

/**
 * What makes a model directory self-describing; written as {@code manifest.json} beside the weights.
 * A model is either a marginface backbone (DJL parameters, run by libtorch) or an imported ONNX graph.
 *
 * @param formatVersion layout version of the model directory
 * @param backbone the network that turns an aligned face into an embedding, or {@code null} for an
 *     imported ONNX graph
 * @param head the training head, or {@code null} for a model saved without one (e.g. {@code init})
 * @param numClasses classes of the head (0 without a head)
 * @param seed the seed the weights were initialised from
 * @param training the resolved training configuration, or {@code null}
 * @param dataFingerprint a digest of the training data listing, or {@code null}
 * @param codeVersion the marginface version that wrote the directory
 * @param created when the directory was written (ISO-8601), informational only
 * @param files SHA-256 digest of each weights file, by file name
 * @param input what the model takes (size, template, normalisation, channel order); manifests
 *     written before this field get their backbone's default ({@link ModelInput#defaultFor})
 * @param onnx the imported ONNX graph, or {@code null} for a marginface backbone
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
        Map<String, String> files,
        ModelInput input,
        @JsonInclude(JsonInclude.Include.NON_NULL) OnnxGraph onnx) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    public static final String BACKBONE_FILE = "backbone.params";
    public static final String HEAD_FILE = "head.params";

    @JsonCreator
    public Manifest {
        files = files == null ? Map.of() : Map.copyOf(files);
        if (input == null && backbone != null) {
            input = ModelInput.defaultFor(backbone);
        }
    }

    /** A manifest of a marginface backbone with its default input. */
    public Manifest(int formatVersion, BackboneSpec backbone, HeadSpec head, int numClasses, long seed,
            JsonNode training, String dataFingerprint, String codeVersion, String created, Map<String, String> files) {
        this(formatVersion, backbone, head, numClasses, seed, training, dataFingerprint, codeVersion, created, files,
                null, null);
    }

    /** The same manifest with the weights' digests set. */
    public Manifest withFiles(Map<String, String> digests) {
        return new Manifest(formatVersion, backbone, head, numClasses, seed, training, dataFingerprint,
                codeVersion, created, digests, input, onnx);
    }

    /** The dimension of the model's embedding. */
    @JsonIgnore
    public int embeddingSize() {
        return onnx != null ? onnx.embeddingSize() : backbone.embeddingSize();
    }

    /** The file holding the weights: {@code backbone.params} or the ONNX graph. */
    @JsonIgnore
    public String weightsFile() {
        return onnx != null ? onnx.file() : BACKBONE_FILE;
    }

    /** A short name of the network, e.g. {@code sphereface20} or {@code onnx:mobilefacenet}. */
    @JsonIgnore
    public String networkName() {
        return onnx != null ? "onnx:" + onnx.name() : backbone.name();
    }

    /** A short, stable identity of the weights (the weights file digest's first 16 hex digits). */
    public String fingerprint() {
        String digest = files.get(weightsFile());
        return digest == null ? "unsaved" : digest.substring(0, 16);
    }
}
