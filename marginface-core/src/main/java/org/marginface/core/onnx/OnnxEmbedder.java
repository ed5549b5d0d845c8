package org.marginface.core.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.model.ModelInput;
import org.marginface.core.model.OnnxGraph;

/**
 * Faces through an ONNX graph: the images (and, with a flip fusion, their mirrors) as one batch, or
 * one at a time when the graph fixes its batch at 1. Not thread-safe; the session it shares is.
 */
final class OnnxEmbedder implements Embedder {

    private final OrtSession session;
    private final OnnxGraph graph;
    private final ModelInput input;
    private final FlipFusion fusion;

    OnnxEmbedder(OrtSession session, OnnxGraph graph, ModelInput input, FlipFusion fusion) {
        this.session = session;
        this.graph = graph;
        this.input = input;
        this.fusion = fusion;
    }

    @Override
    public ModelInput input() {
        return input;
    }

    @Override
    public FlipFusion fusion() {
        return fusion;
    }

    @Override
    public int embeddingSize() {
        return graph.embeddingSize();
    }

    @Override
    public List<float[]> embedRaw(List<BufferedImage> faces) {
        int n = faces.size();
        int plane = input.height() * input.width();
        int per = 3 * plane;
        boolean mirrors = fusion != FlipFusion.NONE;
        int rows = mirrors ? 2 * n : n;
        float[] all = new float[rows * per];
        for (int i = 0; i < n; i++) {
            byte[] rgb = input.rgb(faces.get(i));
            input.planes(rgb, false, all, i * per);
            if (mirrors) {
                input.planes(rgb, true, all, (n + i) * per);
            }
        }
        float[][] embeddings = run(all, rows);
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(fusion.fuse(embeddings[i], mirrors ? embeddings[n + i] : null));
        }
        return out;
    }

    /** Embeddings of {@code rows} images in {@code pixels}, in chunks the graph accepts. */
    private float[][] run(float[] pixels, int rows) {
        int per = 3 * input.height() * input.width();
        int chunk = graph.fixedBatch() > 0 ? graph.fixedBatch() : Math.max(1, rows);
        float[][] out = new float[rows][];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (int start = 0; start < rows; start += chunk) {
            int count = Math.min(chunk, rows - start);
            float[] batch = new float[chunk * per];
            System.arraycopy(pixels, start * per, batch, 0, count * per);
            long[] shape = {chunk, 3, input.height(), input.width()};
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), shape);
                    OrtSession.Result result = session.run(Map.of(graph.inputName(), tensor),
                            java.util.Set.of(graph.outputName()))) {
                float[][] values = (float[][]) result.get(0).getValue();
                System.arraycopy(values, 0, out, start, count);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on " + graph.file() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        // the session belongs to the OnnxModel
    }
}
