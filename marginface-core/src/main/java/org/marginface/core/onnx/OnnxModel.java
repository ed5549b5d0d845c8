package org.marginface.core.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.InferenceRuntime;
import org.marginface.core.model.Manifest;
import org.marginface.core.model.ModelDirectory;
import org.marginface.core.model.ModelFormatException;
import org.marginface.core.model.OnnxGraph;

/**
 * A face embedder on ONNX Runtime (CPU): an imported graph, or a marginface backbone's export. The
 * session is shared by its embedders.
 */
public final class OnnxModel implements EmbeddingModel {

    private final Manifest manifest;
    private final OnnxGraph graph;
    private final OrtSession session;

    private OnnxModel(Manifest manifest, OnnxGraph graph, OrtSession session) {
        this.manifest = manifest;
        this.graph = graph;
        this.session = session;
    }

    /**
     * Loads the model directory of an imported graph, refusing a graph file whose digest no longer
     * matches the manifest or whose signature differs from what the manifest records.
     */
    public static OnnxModel load(Path dir, Manifest manifest) throws IOException {
        OnnxGraph graph = manifest.onnx();
        Path file = ModelDirectory.verifyFile(dir, graph.file(), manifest);
        OrtSession session = OnnxSessions.open(file);
        try {
            OnnxSessions.Signature signature = OnnxSessions.signature(session, file, graph.outputName());
            if (!signature.inputName().equals(graph.inputName()) || signature.embeddingSize() != graph.embeddingSize()) {
                throw new ModelFormatException(file + ": the graph (input '" + signature.inputName() + "', "
                        + signature.embeddingSize() + "-d output) differs from manifest field 'onnx'");
            }
            return new OnnxModel(manifest, graph, session);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /**
     * A marginface model run through its ONNX export: {@code exported} is the serialised graph of the
     * backbone {@code manifest} describes, with its input and output named {@code inputName} and
     * {@code outputName}. The model keeps {@code manifest} (its fingerprint, input and embedding size
     * are the backbone's).
     */
    public static OnnxModel ofExport(Manifest manifest, byte[] exported, String inputName, String outputName)
            throws IOException {
        String source = manifest.backbone().name() + " exported for ONNX Runtime";
        OrtSession session = OnnxSessions.open(exported, source);
        try {
            OnnxGraph graph = new OnnxGraph(source, manifest.backbone().name(), inputName, outputName,
                    manifest.embeddingSize(), 0, null);
            return new OnnxModel(manifest, graph, session);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public Embedder embedder(FlipFusion fusion) {
        return new OnnxEmbedder(session, graph, manifest.input(), fusion);
    }

    @Override
    public InferenceRuntime runtime() {
        return InferenceRuntime.ONNXRUNTIME;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing to do: the native session is gone either way
        }
    }
}
