package org.marginface.serve;

import static org.marginface.serve.GallerySchema.CREATED;
import static org.marginface.serve.GallerySchema.FACE_ID;
import static org.marginface.serve.GallerySchema.IMAGE;
import static org.marginface.serve.GallerySchema.NAME;
import static org.marginface.serve.GallerySchema.SUBJECT;
import static org.marginface.serve.GallerySchema.SUBJECT_ID;
import static org.marginface.serve.GallerySchema.VECTOR;
import static org.marginface.serve.GallerySchema.facesOf;
import static org.marginface.serve.GallerySchema.kind;
import static org.marginface.serve.GallerySchema.subjectById;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.marginface.core.embed.Vectors;

/**
 * Every read of the gallery: lookups, pages, counts and the three searches (exact over all faces,
 * HNSW, and the best face of one subject). Reads run concurrently on the last committed state.
 */
final class GallerySearches {

    private interface Read<T> {
        T on(IndexSearcher searcher) throws IOException;
    }

    private final SearcherManager searchers;
    private final int dimension;
    private final Gallery.Options options;

    GallerySearches(SearcherManager searchers, int dimension, Gallery.Options options) {
        this.searchers = searchers;
        this.dimension = dimension;
        this.options = options;
    }

    private <T> T read(Read<T> read) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return read.on(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    Optional<Gallery.Subject> subject(String id) throws IOException {
        return read(searcher -> {
            TopDocs hits = searcher.search(subjectById(id), 1);
            if (hits.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(toSubject(searcher, searcher.storedFields().document(hits.scoreDocs[0].doc)));
        });
    }

    boolean hasSubject(String id) throws IOException {
        return read(searcher -> searcher.count(subjectById(id)) > 0);
    }

    boolean hasFace(String subjectId, String faceId) throws IOException {
        return read(searcher -> searcher.count(GallerySchema.face(subjectId, faceId)) > 0);
    }

    Gallery.SubjectPage subjects(int offset, int limit) throws IOException {
        return read(searcher -> {
            Query all = kind(SUBJECT);
            int total = searcher.count(all);
            if (offset >= total || limit == 0) {
                return new Gallery.SubjectPage(List.of(), total);
            }
            Sort order = new Sort(new SortField(CREATED, SortField.Type.LONG), SortField.FIELD_DOC);
            TopDocs hits = searcher.search(all, offset + limit, order);
            StoredFields stored = searcher.storedFields();
            List<Gallery.Subject> page = new ArrayList<>();
            for (int i = offset; i < hits.scoreDocs.length; i++) {
                page.add(toSubject(searcher, stored.document(hits.scoreDocs[i].doc)));
            }
            return new Gallery.SubjectPage(page, total);
        });
    }

    List<Gallery.Face> faces(String subjectId) throws IOException {
        return read(searcher -> {
            Query q = facesOf(subjectId);
            int n = Math.max(1, searcher.count(q));
            TopDocs hits = searcher.search(q, n, new Sort(new SortField(CREATED, SortField.Type.LONG), SortField.FIELD_DOC));
            StoredFields stored = searcher.storedFields();
            List<Gallery.Face> faces = new ArrayList<>();
            for (ScoreDoc hit : hits.scoreDocs) {
                faces.add(GallerySchema.toFace(stored.document(hit.doc)));
            }
            return faces;
        });
    }

    Optional<byte[]> faceImage(String subjectId, String faceId) throws IOException {
        return read(searcher -> {
            TopDocs hits = searcher.search(GallerySchema.face(subjectId, faceId), 1);
            if (hits.scoreDocs.length == 0) {
                return Optional.empty();
            }
            BytesRef image = searcher.storedFields().document(hits.scoreDocs[0].doc).getBinaryValue(IMAGE);
            return image == null ? Optional.empty()
                    : Optional.of(Arrays.copyOfRange(image.bytes, image.offset, image.offset + image.length));
        });
    }

    int segmentCount() throws IOException {
        return read(searcher -> searcher.getIndexReader().leaves().size());
    }

    int count(Query q) throws IOException {
        return read(searcher -> searcher.count(q));
    }

    List<Gallery.Match> identify(float[] query, int k, boolean exact, int hnswCandidates) throws IOException {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query of dimension " + query.length + ", gallery holds " + dimension);
        }
        return read(searcher -> {
            // a subject may own several of the nearest faces: look at more faces than subjects wanted; for
            // HNSW the pool is also the search breadth, which sets recall, so the configured one rules there
            List<ScoreDoc> nearest = exact ? exactNearest(searcher, query, Math.max(4 * k, k + 99))
                    : approximateNearest(searcher, query, Math.max(4 * k, hnswCandidates), options.quantized());
            StoredFields stored = searcher.storedFields();
            Map<String, Gallery.Match> best = new LinkedHashMap<>();
            for (ScoreDoc hit : nearest) {
                if (best.size() == k) {
                    break; // best first: the rest cannot enter, and reading them costs a stored-field fetch each
                }
                Document face = stored.document(hit.doc);
                String subjectId = face.get(SUBJECT_ID);
                if (!best.containsKey(subjectId)) {
                    best.put(subjectId, new Gallery.Match(subjectId, null, face.get(FACE_ID), hit.score));
                }
            }
            List<Gallery.Match> matches = new ArrayList<>(best.size());
            for (Gallery.Match m : best.values()) {
                matches.add(new Gallery.Match(m.subjectId(), subjectName(searcher, m.subjectId()), m.faceId(),
                        m.similarity()));
            }
            return matches;
        });
    }

    Optional<Gallery.Match> bestFaceOf(String subjectId, float[] query) throws IOException {
        return read(searcher -> {
            Weight weight = searcher.createWeight(searcher.rewrite(facesOf(subjectId)), ScoreMode.COMPLETE_NO_SCORES, 1f);
            int bestDoc = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Scorer scorer = weight.scorer(leaf);
                FloatVectorValues vectors = leaf.reader().getFloatVectorValues(VECTOR);
                if (scorer == null || vectors == null) {
                    continue;
                }
                Bits live = leaf.reader().getLiveDocs();
                DocIdSetIterator docs = scorer.iterator();
                for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                    if ((live != null && !live.get(doc)) || vectors.advance(doc) != doc) {
                        continue;
                    }
                    float score = Vectors.dotFloat(query, vectors.vectorValue());
                    if (score > bestScore) {
                        bestScore = score;
                        bestDoc = leaf.docBase + doc;
                    }
                }
            }
            if (bestDoc < 0) {
                return Optional.empty();
            }
            String faceId = searcher.storedFields().document(bestDoc).get(FACE_ID);
            return Optional.of(new Gallery.Match(subjectId, subjectName(searcher, subjectId), faceId, bestScore));
        });
    }

    private static String subjectName(IndexSearcher searcher, String subjectId) throws IOException {
        TopDocs s = searcher.search(subjectById(subjectId), 1);
        return s.scoreDocs.length == 0 ? null : searcher.storedFields().document(s.scoreDocs[0].doc).get(NAME);
    }

    private static Gallery.Subject toSubject(IndexSearcher searcher, Document d) throws IOException {
        String id = d.get(SUBJECT_ID);
        int faces = searcher.count(facesOf(id));
        return new Gallery.Subject(id, d.get(NAME), d.getField(CREATED).numericValue().longValue(), faces);
    }

    /**
     * Nearest faces by HNSW; scores converted back from Lucene's (1 + dot) / 2 to the dot product.
     * With int7 vectors Lucene ranks by the quantised dot product, whose error decides close calls
     * however many candidates are searched; the candidates are then scored again on the float
     * vectors the index keeps beside them.
     */
    private static List<ScoreDoc> approximateNearest(IndexSearcher searcher, float[] query, int n, boolean rescore)
            throws IOException {
        TopDocs hits = searcher.search(new KnnFloatVectorQuery(VECTOR, query, n), n);
        if (rescore) {
            return exactScores(searcher, query, hits.scoreDocs);
        }
        List<ScoreDoc> out = new ArrayList<>(hits.scoreDocs.length);
        for (ScoreDoc hit : hits.scoreDocs) {
            out.add(new ScoreDoc(hit.doc, 2 * hit.score - 1));
        }
        return out;
    }

    /** The hits' dot products with {@code query} on their float vectors, best first. */
    private static List<ScoreDoc> exactScores(IndexSearcher searcher, float[] query, ScoreDoc[] hits) throws IOException {
        ScoreDoc[] byDoc = hits.clone();
        Arrays.sort(byDoc, Comparator.comparingInt((ScoreDoc s) -> s.doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<ScoreDoc> out = new ArrayList<>(hits.length);
        int leafIndex = -1;
        FloatVectorValues vectors = null;
        for (ScoreDoc hit : byDoc) {
            int leaf = ReaderUtil.subIndex(hit.doc, leaves);
            if (leaf != leafIndex) {
                // vector values are forward-only iterators: one per leaf, advanced in doc order
                leafIndex = leaf;
                vectors = leaves.get(leaf).reader().getFloatVectorValues(VECTOR);
            }
            int doc = hit.doc - leaves.get(leaf).docBase;
            if (vectors != null && vectors.advance(doc) == doc) {
                out.add(new ScoreDoc(hit.doc, Vectors.dotFloat(query, vectors.vectorValue())));
            }
        }
        out.sort(Comparator.comparingDouble((ScoreDoc s) -> s.score).reversed());
        return out;
    }

    /** Nearest faces by comparing the query with every live face vector. */
    private static List<ScoreDoc> exactNearest(IndexSearcher searcher, float[] query, int n) throws IOException {
        PriorityQueue<ScoreDoc> top = new PriorityQueue<>(Comparator.comparingDouble((ScoreDoc s) -> s.score));
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues vectors = leaf.reader().getFloatVectorValues(VECTOR);
            if (vectors == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = vectors.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = vectors.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                float score = Vectors.dotFloat(query, vectors.vectorValue());
                if (top.size() < n) {
                    top.add(new ScoreDoc(leaf.docBase + doc, score));
                } else if (score > top.peek().score) {
                    top.poll();
                    top.add(new ScoreDoc(leaf.docBase + doc, score));
                }
            }
        }
        List<ScoreDoc> out = new ArrayList<>(top);
        out.sort(Comparator.comparingDouble((ScoreDoc s) -> s.score).reversed());
        return out;
    }
}
