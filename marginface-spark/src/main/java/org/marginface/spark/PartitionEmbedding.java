package org.marginface.spark;

import org.marginface.core.embed.EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.marginface.core.embed.BatchEmbedding;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.Vectors;
import org.marginface.core.image.ImageSet;

/**
 * Embeds the images of one partition on an executor, through the same batched pipeline as
 * {@code marginface embed} (background decoding, one network call per batch), with the executor's
 * shared model.
 */
final class PartitionEmbedding implements FlatMapFunction<Iterator<List<ImageRef>>, Row> {

    private static final long serialVersionUID = 1L;

    private final String modelDirectory;
    private final FlipFusion fusion;
    private final int batch;

    PartitionEmbedding(String modelDirectory, FlipFusion fusion, int batch) {
        this.modelDirectory = modelDirectory;
        this.fusion = fusion;
        this.batch = batch;
    }

    @Override
    public Iterator<Row> call(Iterator<List<ImageRef>> runs) throws Exception {
        EmbeddingModel model = ExecutorModels.of(Path.of(modelDirectory));
        List<Row> rows = new ArrayList<>();
        // the predictor is per thread (not thread-safe); the weights behind it are the executor's
        try (Embedder embedder = model.embedder(fusion)) {
            while (runs.hasNext()) {
                List<ImageRef> run = runs.next();
                List<ImageSet.Entry> entries = new ArrayList<>(run.size());
                for (ImageRef ref : run) {
                    entries.add(new ImageSet.Entry(Path.of(ref.file()), ref.path()));
                }
                BatchEmbedding.run(embedder, new ImageSet(Path.of("/"), entries), batch,
                        (index, entry, raw) -> rows.add(EmbeddingTable.row(entry.name(), run.get(index).identity(),
                                Vectors.l2Normalize(raw), Vectors.norm(raw))),
                        (done, total) -> { });
            }
        }
        return rows.iterator();
    }
}
