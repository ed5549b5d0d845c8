package org.marginface.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.marginface.eval.ProbeRows;

/** Scores one partition of distractor rows against the broadcast probes, on an executor. */
final class PartitionScoring implements FlatMapFunction<Iterator<Row>, DistractorScores> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<ProbeRows> probes;
    private final int ranks;

    PartitionScoring(Broadcast<ProbeRows> probes, int ranks) {
        this.probes = probes;
        this.ranks = ranks;
    }

    @Override
    public Iterator<DistractorScores> call(Iterator<Row> rows) {
        Iterator<float[]> embeddings = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public float[] next() {
                return EmbeddingTable.embedding(rows.next());
            }
        };
        return List.of(DistractorScores.of(probes.value(), embeddings, ranks)).iterator();
    }
}
