package org.marginface.serve;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
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
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * The embedded, persistent gallery: subjects and their enrolled faces in one Lucene index, the
 * faces' unit-length embeddings in an HNSW vector field compared by dot product (= cosine).
 *
 * <p>Every change is committed (fsynced) before its method returns, so whatever a caller acknowledged
 * survives a crash of the process right after. Changes are serialised (a commit costs an fsync, which
 * dominates anyway); searches run concurrently on the last committed state and never block changes.
 *
 * <p>The index remembers the model fingerprint and embedding dimension it was built with, and refuses
 * to open for another model: embeddings of different models are not comparable.
 */
public final class Gallery implements Closeable {

    /** A person in the gallery. */
    public record Subject(String id, String name, long createdMillis, int faces) {}

    /** One enrolled face of a subject. */
    public record Face(String id, String subjectId, long createdMillis) {}

    /** A subject's best-matching face and its cosine similarity to the query. */
    public record Match(String subjectId, String name, String faceId, double similarity) {}

    /** A page of subjects and the total count. */
    public record SubjectPage(List<Subject> subjects, int total) {}

    /**
     * How the vectors are indexed and searched.
     *
     * @param exactSearchBelow galleries with fewer faces are searched exactly, larger ones by HNSW
     * @param quantized int7 scalar-quantised vectors in the HNSW graph
     * @param hnswMaxConn HNSW neighbours per node ("M"); applies to segments written or merged from now on
     * @param hnswBeamWidth HNSW candidates while linking a new node ("efConstruction"); as maxConn
     * @param hnswCandidates faces an HNSW search collects (Lucene's k, the search breadth "efSearch");
     *     recall@1 against exact search rises with it, and so does the time of a search
     */
    public record Options(int exactSearchBelow, boolean quantized, int hnswMaxConn, int hnswBeamWidth,
            int hnswCandidates) {

        /** Lucene's own limits on the graph parameters (Lucene99HnswVectorsFormat). */
        public static final int MAX_CONN_LIMIT = 512;
        public static final int BEAM_WIDTH_LIMIT = 3200;
        /** Far above any useful breadth; each candidate costs a slot in Lucene's result queue. */
        public static final int CANDIDATES_LIMIT = 100_000;

        /**
         * The service's default search breadth. On the hard synthetic galleries of the benchmark
         * (random 64-d unit vectors, probes at cosine 0.6; docs/benchmarks.md) float32 HNSW found the
         * exact top-1 for 200 of 200 probes at 10^4 and 10^5 faces with 800 candidates, 199 with 400,
         * and 182 with the former fixed 100 at 10^5; twice the breadth needed at 10^5 leaves room for
         * larger galleries, at a search still far cheaper than an exact one there.
         */
        public static final int DEFAULT_CANDIDATES = 800;

        public Options {
            requireWithin("exactSearchBelow", exactSearchBelow, 0, Integer.MAX_VALUE);
            requireWithin("hnswMaxConn", hnswMaxConn, 1, MAX_CONN_LIMIT);
            requireWithin("hnswBeamWidth", hnswBeamWidth, 1, BEAM_WIDTH_LIMIT);
            requireWithin("hnswCandidates", hnswCandidates, 1, CANDIDATES_LIMIT);
        }

        public static Options defaults() {
            return new Options(10_000, false, 16, 100, DEFAULT_CANDIDATES);
        }

        /** The same options searching {@code candidates} faces by HNSW. */
        public Options withCandidates(int candidates) {
            return new Options(exactSearchBelow, quantized, hnswMaxConn, hnswBeamWidth, candidates);
        }

        /** Throws naming {@code key} when {@code value} lies outside {@code [min, max]}. */
        static void requireWithin(String key, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + " must lie in [" + min + ", " + max + "], got " + value);
            }
        }
    }

    static final String KIND = "kind";
    static final String SUBJECT = "subject";
    static final String FACE = "face";
    static final String SUBJECT_ID = "subject_id";
    static final String FACE_ID = "face_id";
    static final String NAME = "name";
    static final String CREATED = "created";
    static final String VECTOR = "vector";
    private static final String META_MODEL = "model";
    private static final String META_DIMENSION = "dimension";
    private static final SecureRandom IDS = new SecureRandom();

    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int dimension;
    private final Options options;
    private final Object changes = new Object();

    private Gallery(FSDirectory directory, IndexWriter writer, int dimension, Options options) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.dimension = dimension;
        this.options = options;
        this.searchers = new SearcherManager(writer, null);
    }

    /**
     * Opens (or creates) the gallery in {@code dir} for embeddings of {@code dimension} made by the
     * model with {@code modelFingerprint}.
     */
    public static Gallery open(Path dir, String modelFingerprint, int dimension, Options options) throws IOException {
        if (dimension < 1 || dimension > 1024) {
            throw new IllegalArgumentException("embedding dimension " + dimension + " outside 1..1024");
        }
        FSDirectory directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig();
        config.setCodec(codec(options));
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setCommitOnClose(true);
        // bulk loads make fewer, larger segments (fewer HNSW graphs to search); commits flush anyway
        config.setRAMBufferSizeMB(256);
        IndexWriter writer;
        try {
            writer = new IndexWriter(directory, config);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        try {
            Map<String, String> meta = new LinkedHashMap<>();
            writer.getLiveCommitData().forEach(e -> meta.put(e.getKey(), e.getValue()));
            if (meta.isEmpty()) {
                writer.setLiveCommitData(Map.of(META_MODEL, modelFingerprint,
                        META_DIMENSION, Integer.toString(dimension)).entrySet());
                writer.commit();
            } else if (!modelFingerprint.equals(meta.get(META_MODEL))
                    || !Integer.toString(dimension).equals(meta.get(META_DIMENSION))) {
                throw new IllegalStateException("gallery " + dir + " holds " + meta.get(META_DIMENSION)
                        + "-d embeddings of model " + meta.get(META_MODEL) + ", not " + dimension
                        + "-d embeddings of model " + modelFingerprint + ": use another gallery directory");
            }
            return new Gallery(directory, writer, dimension, options);
        } catch (IOException | RuntimeException e) {
            writer.rollback();
            directory.close();
            throw e;
        }
    }

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

    private static Codec codec(Options options) {
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

    public int dimension() {
        return dimension;
    }

    // ---- changes: serialised, committed before returning ----

    /** Creates a subject; {@code id} may be null for a generated one. */
    public Subject createSubject(String id, String name) throws IOException {
        synchronized (changes) {
            String subjectId = id != null ? id : newId("s");
            if (findSubjectDoc(subjectId).isPresent()) {
                throw new ApiException(409, "conflict", "subject '" + subjectId + "' exists");
            }
            long now = System.currentTimeMillis();
            writer.addDocument(subjectDocument(subjectId, name, now));
            commit();
            return new Subject(subjectId, name, now, 0);
        }
    }

    public Subject renameSubject(String id, String name) throws IOException {
        synchronized (changes) {
            Subject old = subject(id).orElseThrow(() -> ApiException.notFound("no subject '" + id + "'"));
            writer.updateDocuments(subjectTerm(id), List.of(subjectDocument(id, name, old.createdMillis())));
            commit();
            return new Subject(id, name, old.createdMillis(), old.faces());
        }
    }

    /** Deletes a subject and all its faces; false when there was none. */
    public boolean deleteSubject(String id) throws IOException {
        synchronized (changes) {
            if (findSubjectDoc(id).isEmpty()) {
                return false;
            }
            writer.deleteDocuments(new Term(SUBJECT_ID, id));
            commit();
            return true;
        }
    }

    /** Enrolls unit-length embeddings as faces of a subject, all or none. */
    public List<Face> addFaces(String subjectId, List<float[]> embeddings) throws IOException {
        for (float[] e : embeddings) {
            if (e.length != dimension) {
                throw new IllegalArgumentException("embedding of dimension " + e.length + ", gallery holds " + dimension);
            }
        }
        synchronized (changes) {
            if (findSubjectDoc(subjectId).isEmpty()) {
                throw ApiException.notFound("no subject '" + subjectId + "'");
            }
            long now = System.currentTimeMillis();
            List<Face> faces = new ArrayList<>(embeddings.size());
            List<Document> docs = new ArrayList<>(embeddings.size());
            for (float[] embedding : embeddings) {
                Face face = new Face(newId("f"), subjectId, now);
                faces.add(face);
                docs.add(faceDocument(face, embedding));
            }
            writer.addDocuments(docs);
            commit();
            return faces;
        }
    }

    /** Deletes one face of a subject; false when the subject has no such face. */
    public boolean deleteFace(String subjectId, String faceId) throws IOException {
        synchronized (changes) {
            Query q = and(new TermQuery(new Term(FACE_ID, faceId)), new TermQuery(new Term(SUBJECT_ID, subjectId)),
                    kind(FACE));
            IndexSearcher searcher = searchers.acquire();
            try {
                if (searcher.count(q) == 0) {
                    return false;
                }
            } finally {
                searchers.release(searcher);
            }
            writer.deleteDocuments(q);
            commit();
            return true;
        }
    }

    /**
     * Many faces at once with generated subjects, one commit: for benchmarks and bulk loads.
     * Returns the subject ids in order.
     */
    public List<String> addSubjectsWithOneFace(List<String> names, List<float[]> embeddings) throws IOException {
        synchronized (changes) {
            long now = System.currentTimeMillis();
            List<String> ids = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                String id = newId("s");
                ids.add(id);
                writer.addDocument(subjectDocument(id, names.get(i), now));
                writer.addDocument(faceDocument(new Face(newId("f"), id, now), embeddings.get(i)));
            }
            commit();
            return ids;
        }
    }

    /** Merges the index down to one segment (one HNSW graph): faster search after a bulk load. */
    public void optimise() throws IOException {
        synchronized (changes) {
            writer.forceMerge(1);
            commit();
        }
    }

    private void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    // ---- reads: concurrent, on the last committed state ----

    public Optional<Subject> subject(String id) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs hits = searcher.search(and(kind(SUBJECT), new TermQuery(new Term(SUBJECT_ID, id))), 1);
            if (hits.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(toSubject(searcher, searcher.storedFields().document(hits.scoreDocs[0].doc)));
        } finally {
            searchers.release(searcher);
        }
    }

    /** Subjects in order of creation, {@code limit} from {@code offset}. */
    public SubjectPage subjects(int offset, int limit) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            Query all = kind(SUBJECT);
            int total = searcher.count(all);
            if (offset >= total || limit == 0) {
                return new SubjectPage(List.of(), total);
            }
            Sort order = new Sort(new SortField(CREATED, SortField.Type.LONG), SortField.FIELD_DOC);
            TopDocs hits = searcher.search(all, offset + limit, order);
            StoredFields stored = searcher.storedFields();
            List<Subject> page = new ArrayList<>();
            for (int i = offset; i < hits.scoreDocs.length; i++) {
                page.add(toSubject(searcher, stored.document(hits.scoreDocs[i].doc)));
            }
            return new SubjectPage(page, total);
        } finally {
            searchers.release(searcher);
        }
    }

    public List<Face> faces(String subjectId) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            Query q = and(kind(FACE), new TermQuery(new Term(SUBJECT_ID, subjectId)));
            int n = Math.max(1, searcher.count(q));
            TopDocs hits = searcher.search(q, n, new Sort(new SortField(CREATED, SortField.Type.LONG), SortField.FIELD_DOC));
            StoredFields stored = searcher.storedFields();
            List<Face> faces = new ArrayList<>();
            for (ScoreDoc hit : hits.scoreDocs) {
                Document d = stored.document(hit.doc);
                faces.add(new Face(d.get(FACE_ID), d.get(SUBJECT_ID), d.getField(CREATED).numericValue().longValue()));
            }
            return faces;
        } finally {
            searchers.release(searcher);
        }
    }

    /** Index segments, each with its own HNSW graph (1 after {@link #optimise()}). */
    public int segmentCount() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            searchers.release(searcher);
        }
    }

    public int subjectCount() throws IOException {
        return count(kind(SUBJECT));
    }

    public int faceCount() throws IOException {
        return count(kind(FACE));
    }

    private int count(Query q) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(q);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The {@code k} subjects whose best face is most similar to the unit-length {@code query}, best
     * first. Exact (every face compared) while the gallery holds fewer than
     * {@link Options#exactSearchBelow()} faces, else approximate (HNSW).
     */
    public List<Match> identify(float[] query, int k) throws IOException {
        return identify(query, k, faceCount() < options.exactSearchBelow());
    }

    /** As {@link #identify(float[], int)}, choosing exact or approximate search explicitly. */
    public List<Match> identify(float[] query, int k, boolean exact) throws IOException {
        return exact ? search(query, k, true, 0) : identifyApproximately(query, k, options.hnswCandidates());
    }

    /**
     * As {@link #identify(float[], int, boolean)} by HNSW, collecting {@code candidates} faces instead
     * of the configured number: for measuring recall against search breadth.
     */
    public List<Match> identifyApproximately(float[] query, int k, int candidates) throws IOException {
        Options.requireWithin("candidates", candidates, 1, Options.CANDIDATES_LIMIT);
        return search(query, k, false, candidates);
    }

    private List<Match> search(float[] query, int k, boolean exact, int hnswCandidates) throws IOException {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query of dimension " + query.length + ", gallery holds " + dimension);
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            // a subject may own several of the nearest faces: look at more faces than subjects wanted; for
            // HNSW the pool is also the search breadth, which sets recall, so the configured one rules there
            List<ScoreDoc> nearest = exact ? exactNearest(searcher, query, Math.max(4 * k, k + 99))
                    : approximateNearest(searcher, query, Math.max(4 * k, hnswCandidates), options.quantized());
            StoredFields stored = searcher.storedFields();
            Map<String, Match> best = new LinkedHashMap<>();
            for (ScoreDoc hit : nearest) {
                if (best.size() == k) {
                    break; // best first: the rest cannot enter, and reading them costs a stored-field fetch each
                }
                Document face = stored.document(hit.doc);
                String subjectId = face.get(SUBJECT_ID);
                if (!best.containsKey(subjectId)) {
                    best.put(subjectId, new Match(subjectId, null, face.get(FACE_ID), hit.score));
                }
            }
            List<Match> matches = new ArrayList<>(best.size());
            for (Match m : best.values()) {
                matches.add(new Match(m.subjectId(), subjectName(searcher, m.subjectId()), m.faceId(), m.similarity()));
            }
            return matches;
        } finally {
            searchers.release(searcher);
        }
    }

    /** The subject's face most similar to the unit-length {@code query} (exact), or empty without faces. */
    public Optional<Match> bestFaceOf(String subjectId, float[] query) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            Query ofSubject = and(kind(FACE), new TermQuery(new Term(SUBJECT_ID, subjectId)));
            org.apache.lucene.search.Weight weight = searcher.createWeight(searcher.rewrite(ofSubject),
                    org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES, 1f);
            int bestDoc = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                org.apache.lucene.search.Scorer scorer = weight.scorer(leaf);
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
                    float score = dot(query, vectors.vectorValue());
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
            String name = subjectName(searcher, subjectId);
            return Optional.of(new Match(subjectId, name, faceId, bestScore));
        } finally {
            searchers.release(searcher);
        }
    }

    private static String subjectName(IndexSearcher searcher, String subjectId) throws IOException {
        TopDocs s = searcher.search(and(kind(SUBJECT), new TermQuery(new Term(SUBJECT_ID, subjectId))), 1);
        return s.scoreDocs.length == 0 ? null : searcher.storedFields().document(s.scoreDocs[0].doc).get(NAME);
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
                out.add(new ScoreDoc(hit.doc, dot(query, vectors.vectorValue())));
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
                float score = dot(query, vectors.vectorValue());
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

    static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private Optional<Integer> findSubjectDoc(String id) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs hits = searcher.search(and(kind(SUBJECT), new TermQuery(new Term(SUBJECT_ID, id))), 1);
            return hits.scoreDocs.length == 0 ? Optional.empty() : Optional.of(hits.scoreDocs[0].doc);
        } finally {
            searchers.release(searcher);
        }
    }

    private static Subject toSubject(IndexSearcher searcher, Document d) throws IOException {
        String id = d.get(SUBJECT_ID);
        int faces = searcher.count(and(kind(FACE), new TermQuery(new Term(SUBJECT_ID, id))));
        return new Subject(id, d.get(NAME), d.getField(CREATED).numericValue().longValue(), faces);
    }

    private static Term subjectTerm(String id) {
        // subject documents are the only ones whose kind is "subject"; updateDocuments needs one term,
        // so subject documents carry a combined key
        return new Term("subject_key", id);
    }

    private static Document subjectDocument(String id, String name, long created) {
        Document d = new Document();
        d.add(new StringField(KIND, SUBJECT, Field.Store.NO));
        d.add(new StringField(SUBJECT_ID, id, Field.Store.YES));
        d.add(new StringField("subject_key", id, Field.Store.NO));
        d.add(new StoredField(NAME, name));
        d.add(new StoredField(CREATED, created));
        d.add(new NumericDocValuesField(CREATED, created));
        return d;
    }

    private Document faceDocument(Face face, float[] embedding) {
        Document d = new Document();
        d.add(new StringField(KIND, FACE, Field.Store.NO));
        d.add(new StringField(FACE_ID, face.id(), Field.Store.YES));
        d.add(new StringField(SUBJECT_ID, face.subjectId(), Field.Store.YES));
        d.add(new StoredField(CREATED, face.createdMillis()));
        d.add(new NumericDocValuesField(CREATED, face.createdMillis()));
        d.add(new KnnFloatVectorField(VECTOR, embedding, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    private static Query kind(String kind) {
        return new TermQuery(new Term(KIND, kind));
    }

    private static Query and(Query... clauses) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query q : clauses) {
            b.add(q, BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    private static String newId(String prefix) {
        byte[] bytes = new byte[8];
        IDS.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws IOException {
        synchronized (changes) {
            try {
                searchers.close();
                writer.close();
            } finally {
                directory.close();
            }
        }
    }
}
