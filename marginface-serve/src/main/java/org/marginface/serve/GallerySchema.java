package org.marginface.serve;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The gallery's documents in its Lucene index: a subject document (id, name, creation time) and a
 * face document per enrolled face (id, subject id, creation time, unit-length embedding in an HNSW
 * vector field compared by dot product, and optionally the aligned crop as a JPEG); the queries that
 * select them; and the codec that indexes the vectors.
 */
final class GallerySchema {

    static final String KIND = "kind";
    static final String SUBJECT = "subject";
    static final String FACE = "face";
    static final String SUBJECT_ID = "subject_id";
    /** Subject documents only: the one term {@code updateDocuments} replaces a subject by. */
    static final String SUBJECT_KEY = "subject_key";
    static final String FACE_ID = "face_id";
    static final String NAME = "name";
    static final String CREATED = "created";
    static final String VECTOR = "vector";
    static final String IMAGE = "image";
    static final String META_MODEL = "model";
    static final String META_DIMENSION = "dimension";
    private static final SecureRandom IDS = new SecureRandom();

    private GallerySchema() {}

    /**
     * Graph merges, the bulk of building a large gallery (each merge links every vector of the merged
     * segments again), run on all cores; searches and single enrollments never wait for them.
     */
    private static final int MERGE_WORKERS = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService MERGE_EXECUTOR = Executors.newFixedThreadPool(MERGE_WORKERS, runnable -> {
        Thread thread = new Thread(runnable, "gallery-hnsw-merge");
        thread.setDaemon(true);
        return thread;
    });

    static Codec codec(Gallery.Options options) {
        KnnVectorsFormat format = options.quantized()
                ? new Lucene99HnswScalarQuantizedVectorsFormat(options.hnswMaxConn(), options.hnswBeamWidth(),
                        MERGE_WORKERS, 7, false, null, MERGE_WORKERS > 1 ? MERGE_EXECUTOR : null)
                : new Lucene99HnswVectorsFormat(options.hnswMaxConn(), options.hnswBeamWidth(), MERGE_WORKERS,
                        MERGE_WORKERS > 1 ? MERGE_EXECUTOR : null);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    static Term subjectTerm(String id) {
        return new Term(SUBJECT_KEY, id);
    }

    static Document subjectDocument(String id, String name, long created) {
        Document d = new Document();
        d.add(new StringField(KIND, SUBJECT, Field.Store.NO));
        d.add(new StringField(SUBJECT_ID, id, Field.Store.YES));
        d.add(new StringField(SUBJECT_KEY, id, Field.Store.NO));
        d.add(new StoredField(NAME, name));
        d.add(new StoredField(CREATED, created));
        d.add(new NumericDocValuesField(CREATED, created));
        return d;
    }

    /** A face document; {@code image} (the aligned crop as JPEG) may be null. */
    static Document faceDocument(Gallery.Face face, float[] embedding, byte[] image) {
        Document d = new Document();
        d.add(new StringField(KIND, FACE, Field.Store.NO));
        d.add(new StringField(FACE_ID, face.id(), Field.Store.YES));
        d.add(new StringField(SUBJECT_ID, face.subjectId(), Field.Store.YES));
        d.add(new StoredField(CREATED, face.createdMillis()));
        d.add(new NumericDocValuesField(CREATED, face.createdMillis()));
        d.add(new KnnFloatVectorField(VECTOR, embedding, VectorSimilarityFunction.DOT_PRODUCT));
        if (image != null) {
            d.add(new StoredField(IMAGE, new BytesRef(image)));
        }
        return d;
    }

    static Gallery.Face toFace(Document d) {
        return new Gallery.Face(d.get(FACE_ID), d.get(SUBJECT_ID), d.getField(CREATED).numericValue().longValue(),
                d.getBinaryValue(IMAGE) != null);
    }

    static Query kind(String kind) {
        return new TermQuery(new Term(KIND, kind));
    }

    static Query subjectById(String id) {
        return and(kind(SUBJECT), new TermQuery(new Term(SUBJECT_ID, id)));
    }

    static Query facesOf(String subjectId) {
        return and(kind(FACE), new TermQuery(new Term(SUBJECT_ID, subjectId)));
    }

    static Query face(String subjectId, String faceId) {
        return and(new TermQuery(new Term(FACE_ID, faceId)), new TermQuery(new Term(SUBJECT_ID, subjectId)), kind(FACE));
    }

    static Query and(Query... clauses) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query q : clauses) {
            b.add(q, BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    static String newId(String prefix) {
        byte[] bytes = new byte[8];
        IDS.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
