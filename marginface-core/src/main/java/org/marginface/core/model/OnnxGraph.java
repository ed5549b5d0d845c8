package org.marginface.core.model;

/**
 * An imported ONNX face embedder, as its manifest describes it. The file's digest is in the
 * manifest's {@code files} and is checked on every load.
 *
 * @param file the graph's file name inside the model directory
 * @param name a short name (the backbone named in the graph's metadata, or the imported file's name)
 * @param inputName the graph input fed with N x 3 x H x W images
 * @param outputName the graph output read as N x D embeddings
 * @param embeddingSize D, read from the graph
 * @param fixedBatch the batch size the graph fixes (1 for a graph that runs one face at a time), or
 *     0 when the batch dimension is dynamic
 * @param source the path the graph was imported from, informational only
 */
public record OnnxGraph(String file, String name, String inputName, String outputName, int embeddingSize,
        int fixedBatch, String source) {

    public static final String FILE = "model.onnx";

    public OnnxGraph {
        if (file == null || file.isBlank() || file.contains("/") || file.contains("\\")) {
            throw new IllegalArgumentException("onnx.file: expected a file name inside the model directory, got '"
                    + file + "'");
        }
        if (inputName == null || outputName == null) {
            throw new IllegalArgumentException("onnx.inputName and onnx.outputName are required");
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("onnx.embeddingSize: must be positive, got " + embeddingSize);
        }
        if (fixedBatch < 0) {
            throw new IllegalArgumentException("onnx.fixedBatch: must be 0 (dynamic) or positive, got " + fixedBatch);
        }
    }
}
