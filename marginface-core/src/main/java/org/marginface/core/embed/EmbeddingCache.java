package org.marginface.core.embed;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.marginface.core.image.ImageSet;
import org.marginface.core.model.FileDigest;
import org.marginface.core.model.OnnxGraph;

/**
 * Embeddings kept on disk per (model weights, preprocessing), keyed by the SHA-256 of each image
 * file's bytes, so that a second evaluation with another protocol reads them back in seconds and an
 * image whose content changed is embedded again.
 *
 * <p>Each entry holds the embedding of the image and that of its mirror separately, so every flip
 * fusion (sum, concat, none) is served by one cache. The file is an append-only log of fixed-size
 * records; a record cut short by a crash is ignored on the next load.
 */
public final class EmbeddingCache {

    private static final int KEY_BYTES = 32;

    private final Path file;
    private final int embeddingSize;
    private final Map<String, float[]> entries = new HashMap<>();

    private EmbeddingCache(Path file, int embeddingSize) {
        this.file = file;
        this.embeddingSize = embeddingSize;
    }

    /**
     * Opens (or starts) the cache of a model in {@code dir}. The file name carries the digest of the
     * model's weights file (backbone parameters or ONNX graph) and of its settings (input size,
     * template, normalisation, channel order and, for an ONNX graph, the output read as the
     * embedding), so caches of other models or settings never mix.
     */
    public static EmbeddingCache open(Path dir, EmbeddingModel model) throws IOException {
        Files.createDirectories(dir);
        String settings = HexFormat.of().formatHex(FileDigest.newSha256().digest(
                settings(model).getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 12);
        String name = "embeddings-" + model.manifest().fingerprint() + "-" + model.input().height() + "x"
                + model.input().width() + "-" + settings + "-pre2.bin";
        EmbeddingCache cache = new EmbeddingCache(dir.resolve(name), model.embeddingSize());
        cache.load();
        return cache;
    }

    /**
     * What besides the weights file decides the embeddings: one graph file can be read at several
     * outputs, and a marginface backbone gives slightly different floats on each runtime.
     */
    private static String settings(EmbeddingModel model) {
        String input = model.input().toString();
        OnnxGraph graph = model.manifest().onnx();
        if (graph != null) {
            return input + ", onnx output " + graph.outputName();
        }
        return model.runtime() == InferenceRuntime.LIBTORCH ? input : input + ", runtime " + model.runtime().label();
    }

    public Path file() {
        return file;
    }

    public int size() {
        return entries.size();
    }

    private int recordBytes() {
        return KEY_BYTES + 2 * embeddingSize * 4;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int complete = bytes.length / recordBytes();
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] key = new byte[KEY_BYTES];
        for (int r = 0; r < complete; r++) {
            buf.get(key);
            float[] both = new float[2 * embeddingSize];
            buf.asFloatBuffer().get(both);
            buf.position(buf.position() + both.length * 4);
            entries.put(HexFormat.of().formatHex(key), both);
        }
        if (bytes.length % recordBytes() != 0) {
            // drop the torn tail so that appends stay aligned
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate((long) complete * recordBytes());
            }
        }
    }

    /**
     * Raw fused features of every image in the set, embedding only those not cached yet.
     *
     * @param progress told of the embedding of missing images (not of cache hits)
     */
    public List<float[]> features(EmbeddingModel model, ImageSet set, FlipFusion fusion, int batchSize,
            BatchEmbedding.Progress progress) throws IOException {
        List<String> keys = new ArrayList<>(set.size());
        List<ImageSet.Entry> missing = new ArrayList<>();
        List<String> missingKeys = new ArrayList<>();
        java.util.Set<String> queued = new java.util.HashSet<>();
        for (ImageSet.Entry e : set.entries()) {
            String key = digest(e.file());
            keys.add(key);
            if (!entries.containsKey(key) && queued.add(key)) {
                missing.add(e);
                missingKeys.add(key);
            }
        }
        if (!missing.isEmpty()) {
            try (Embedder embedder = model.embedder(FlipFusion.CONCAT);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16))) {
                ImageSet todo = new ImageSet(set.root(), missing);
                BatchEmbedding.run(embedder, todo, batchSize, (index, entry, both) -> {
                    String key = missingKeys.get(index);
                    entries.put(key, both);
                    out.write(HexFormat.of().parseHex(key));
                    ByteBuffer buf = ByteBuffer.allocate(both.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asFloatBuffer().put(both);
                    out.write(buf.array());
                }, progress);
            }
        }
        List<float[]> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            out.add(fuse(entries.get(key), fusion));
        }
        return out;
    }

    /** The fused feature of an entry: the image's embedding and its mirror's, side by side. */
    private float[] fuse(float[] both, FlipFusion fusion) {
        return fusion.fuse(Arrays.copyOf(both, embeddingSize), Arrays.copyOfRange(both, embeddingSize, 2 * embeddingSize));
    }

    private static String digest(Path file) throws IOException {
        try {
            return FileDigest.sha256(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such image file", e);
        }
    }
}
