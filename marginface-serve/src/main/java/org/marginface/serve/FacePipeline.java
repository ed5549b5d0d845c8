package org.marginface.serve;

import java.util.ArrayList;
import java.util.List;
import org.marginface.core.embed.Vectors;

/** Uploads to embeddings: each photo prepared (decoded, detected, aligned), then all embedded in one call. */
final class FacePipeline {

    /** One upload's face: what the preparer found and the model's raw and unit-length embeddings. */
    record Embedded(FacePreparer.Prepared face, float[] raw, float[] unit) {}

    private final FacePreparer preparer;
    private final BatchingEmbedder embedder;

    FacePipeline(FacePreparer preparer, BatchingEmbedder embedder) {
        this.preparer = preparer;
        this.embedder = embedder;
    }

    Embedded embed(FaceUpload upload) {
        return embed(List.of(upload)).get(0);
    }

    /** All or nothing: a refused upload refuses the request before anything is embedded. */
    List<Embedded> embed(List<FaceUpload> uploads) {
        List<FacePreparer.Prepared> faces = new ArrayList<>(uploads.size());
        for (FaceUpload u : uploads) {
            faces.add(preparer.prepare(u));
        }
        List<float[]> raw = embedder.embed(faces.stream().map(FacePreparer.Prepared::crop).toList());
        List<Embedded> out = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            out.add(new Embedded(faces.get(i), raw.get(i), Vectors.l2Normalize(raw.get(i))));
        }
        return out;
    }
}
