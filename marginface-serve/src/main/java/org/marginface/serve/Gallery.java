package org.marginface.serve;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

/**
 * The embedded, persistent gallery: subjects and their enrolled faces in one Lucene index, the
 * faces' unit-length embeddings in an HNSW vector field compared by dot product (= cosine).
 *
 * <p>Every change is committed (fsynced) before its method returns, so whatever a caller acknowledged
 * survives a crash of the process right after. Changes are serialised (a commit costs an fsync, which
 * dominates anyway); searches run concurrently on the last committed state and never block changes.
 *
 * <p>The document schema is {@link GallerySchema}, the changes {@link GalleryWrites}, the reads and
 * searches {@link GallerySearches}; this class opens and closes the index and is the one entry.
 *
 * <p>The index remembers the model fingerprint and embedding dimension it was built with, and refuses
 * to open for another model: embeddings of different models are not comparable.
 */
public final class Gallery implements Closeable {

    /** A person in the gallery. */
    public record Subject(String id, String name, long createdMillis, int faces) {}

    /** One enrolled face of a subject; {@code hasImage} when its aligned crop is stored. */
    public record Face(String id, String subjectId, long createdMillis, boolean hasImage) {}

    /** A subject just created and the faces it was created with, in the order given. */
    public record NewSubject(Subject subject, List<Face> faces) {
        public NewSubject {
            faces = List.copyOf(faces);
        }
    }

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

    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int dimension;
    private final Options options;
    private final GallerySearches reads;
    private final GalleryWrites writes;

    private Gallery(FSDirectory directory, IndexWriter writer, int dimension, Options options) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.dimension = dimension;
        this.options = options;
        this.searchers = new SearcherManager(writer, null);
        this.reads = new GallerySearches(searchers, dimension, options);
        this.writes = new GalleryWrites(writer, searchers, reads, dimension);
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
        config.setCodec(GallerySchema.codec(options));
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
                writer.setLiveCommitData(Map.of(GallerySchema.META_MODEL, modelFingerprint,
                        GallerySchema.META_DIMENSION, Integer.toString(dimension)).entrySet());
                writer.commit();
            } else if (!modelFingerprint.equals(meta.get(GallerySchema.META_MODEL))
                    || !Integer.toString(dimension).equals(meta.get(GallerySchema.META_DIMENSION))) {
                throw new IllegalStateException("gallery " + dir + " holds " + meta.get(GallerySchema.META_DIMENSION)
                        + "-d embeddings of model " + meta.get(GallerySchema.META_MODEL) + ", not " + dimension
                        + "-d embeddings of model " + modelFingerprint + ": use another gallery directory");
            }
            return new Gallery(directory, writer, dimension, options);
        } catch (IOException | RuntimeException e) {
            writer.rollback();
            directory.close();
            throw e;
        }
    }

    public int dimension() {
        return dimension;
    }

    // ---- changes: serialised, committed before returning ----

    /** Creates a subject without faces; {@code id} may be null for a generated one. */
    public Subject createSubject(String id, String name) throws IOException {
        return writes.createSubject(id, name, List.of(), List.of()).subject();
    }

    /**
     * Creates a subject with its first faces in one commit, all or nothing. {@code images} holds each
     * face's aligned crop as JPEG, or null where none is to be kept.
     */
    public NewSubject createSubject(String id, String name, List<float[]> embeddings, List<byte[]> images)
            throws IOException {
        return writes.createSubject(id, name, embeddings, images);
    }

    public Subject renameSubject(String id, String name) throws IOException {
        return writes.renameSubject(id, name);
    }

    /** Deletes a subject and all its faces (with their images); false when there was none. */
    public boolean deleteSubject(String id) throws IOException {
        return writes.deleteSubject(id);
    }

    /** Enrolls unit-length embeddings as faces of a subject, all or none, without images. */
    public List<Face> addFaces(String subjectId, List<float[]> embeddings) throws IOException {
        return writes.addFaces(subjectId, embeddings, Collections.nCopies(embeddings.size(), null));
    }

    /** As {@link #addFaces(String, List)}, keeping each face's crop (JPEG, or null for none). */
    public List<Face> addFaces(String subjectId, List<float[]> embeddings, List<byte[]> images) throws IOException {
        return writes.addFaces(subjectId, embeddings, images);
    }

    /** Deletes one face of a subject (and its image); false when the subject has no such face. */
    public boolean deleteFace(String subjectId, String faceId) throws IOException {
        return writes.deleteFace(subjectId, faceId);
    }

    /**
     * Many faces at once with generated subjects, one commit: for benchmarks and bulk loads.
     * Returns the subject ids in order.
     */
    public List<String> addSubjectsWithOneFace(List<String> names, List<float[]> embeddings) throws IOException {
        return writes.addSubjectsWithOneFace(names, embeddings);
    }

    /** Merges the index down to one segment (one HNSW graph): faster search after a bulk load. */
    public void optimise() throws IOException {
        writes.optimise();
    }

    // ---- reads: concurrent, on the last committed state ----

    public Optional<Subject> subject(String id) throws IOException {
        return reads.subject(id);
    }

    /** Subjects in order of creation, {@code limit} from {@code offset}. */
    public SubjectPage subjects(int offset, int limit) throws IOException {
        return reads.subjects(offset, limit);
    }

    public List<Face> faces(String subjectId) throws IOException {
        return reads.faces(subjectId);
    }

    /** The stored aligned crop (JPEG) of a face, or empty when the face or its image is not there. */
    public Optional<byte[]> faceImage(String subjectId, String faceId) throws IOException {
        return reads.faceImage(subjectId, faceId);
    }

    /** Index segments, each with its own HNSW graph (1 after {@link #optimise()}). */
    public int segmentCount() throws IOException {
        return reads.segmentCount();
    }

    public int subjectCount() throws IOException {
        return reads.count(GallerySchema.kind(GallerySchema.SUBJECT));
    }

    public int faceCount() throws IOException {
        return reads.count(GallerySchema.kind(GallerySchema.FACE));
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
        return reads.identify(query, k, exact, options.hnswCandidates());
    }

    /**
     * As {@link #identify(float[], int, boolean)} by HNSW, collecting {@code candidates} faces instead
     * of the configured number: for measuring recall against search breadth.
     */
    public List<Match> identifyApproximately(float[] query, int k, int candidates) throws IOException {
        Options.requireWithin("candidates", candidates, 1, Options.CANDIDATES_LIMIT);
        return reads.identify(query, k, false, candidates);
    }

    /** The subject's face most similar to the unit-length {@code query} (exact), or empty without faces. */
    public Optional<Match> bestFaceOf(String subjectId, float[] query) throws IOException {
        return reads.bestFaceOf(subjectId, query);
    }

    @Override
    public void close() throws IOException {
        synchronized (writes.lock()) {
            try {
                searchers.close();
                writer.close();
            } finally {
                directory.close();
            }
        }
    }
}
