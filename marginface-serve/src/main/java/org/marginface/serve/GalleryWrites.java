package org.marginface.serve;

import static org.marginface.serve.GallerySchema.SUBJECT_ID;
import static org.marginface.serve.GallerySchema.faceDocument;
import static org.marginface.serve.GallerySchema.newId;
import static org.marginface.serve.GallerySchema.subjectDocument;
import static org.marginface.serve.GallerySchema.subjectTerm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherManager;

/**
 * Every change of the gallery. Changes are serialised and each is committed (fsynced) before its
 * method returns, so whatever a caller acknowledged survives a crash of the process right after; a
 * change of several documents lands in one commit, all or none.
 */
final class GalleryWrites {

    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final GallerySearches reads;
    private final int dimension;
    private final Object changes = new Object();

    GalleryWrites(IndexWriter writer, SearcherManager searchers, GallerySearches reads, int dimension) {
        this.writer = writer;
        this.searchers = searchers;
        this.reads = reads;
        this.dimension = dimension;
    }

    /** The lock every change holds; closing takes it too, so no change runs into a closed writer. */
    Object lock() {
        return changes;
    }

    Gallery.NewSubject createSubject(String id, String name, List<float[]> embeddings, List<byte[]> images)
            throws IOException {
        checkDimensions(embeddings, images);
        synchronized (changes) {
            String subjectId = id != null ? id : newId("s");
            if (reads.hasSubject(subjectId)) {
                throw new ApiException(409, "conflict", "subject '" + subjectId + "' exists");
            }
            long now = System.currentTimeMillis();
            List<Document> docs = new ArrayList<>();
            List<Gallery.Face> faces = new ArrayList<>(embeddings.size());
            docs.add(subjectDocument(subjectId, name, now));
            docs.addAll(faceDocuments(subjectId, now, embeddings, images, faces));
            writer.addDocuments(docs);
            commit();
            return new Gallery.NewSubject(new Gallery.Subject(subjectId, name, now, faces.size()), faces);
        }
    }

    Gallery.Subject renameSubject(String id, String name) throws IOException {
        synchronized (changes) {
            Gallery.Subject old = reads.subject(id).orElseThrow(() -> ApiException.notFound("no subject '" + id + "'"));
            writer.updateDocuments(subjectTerm(id), List.of(subjectDocument(id, name, old.createdMillis())));
            commit();
            return new Gallery.Subject(id, name, old.createdMillis(), old.faces());
        }
    }

    boolean deleteSubject(String id) throws IOException {
        synchronized (changes) {
            if (!reads.hasSubject(id)) {
                return false;
            }
            writer.deleteDocuments(new Term(SUBJECT_ID, id));
            commit();
            return true;
        }
    }

    List<Gallery.Face> addFaces(String subjectId, List<float[]> embeddings, List<byte[]> images) throws IOException {
        checkDimensions(embeddings, images);
        synchronized (changes) {
            if (!reads.hasSubject(subjectId)) {
                throw ApiException.notFound("no subject '" + subjectId + "'");
            }
            List<Gallery.Face> faces = new ArrayList<>(embeddings.size());
            writer.addDocuments(faceDocuments(subjectId, System.currentTimeMillis(), embeddings, images, faces));
            commit();
            return faces;
        }
    }

    private static List<Document> faceDocuments(String subjectId, long now, List<float[]> embeddings,
            List<byte[]> images, List<Gallery.Face> faces) {
        List<Document> docs = new ArrayList<>(embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            Gallery.Face face = new Gallery.Face(newId("f"), subjectId, now, images.get(i) != null);
            faces.add(face);
            docs.add(faceDocument(face, embeddings.get(i), images.get(i)));
        }
        return docs;
    }

    boolean deleteFace(String subjectId, String faceId) throws IOException {
        synchronized (changes) {
            if (!reads.hasFace(subjectId, faceId)) {
                return false;
            }
            writer.deleteDocuments(GallerySchema.face(subjectId, faceId));
            commit();
            return true;
        }
    }

    List<String> addSubjectsWithOneFace(List<String> names, List<float[]> embeddings) throws IOException {
        if (names.size() != embeddings.size()) {
            throw new IllegalArgumentException(names.size() + " names but " + embeddings.size() + " embeddings");
        }
        checkDimensions(embeddings, Collections.nCopies(embeddings.size(), null));
        synchronized (changes) {
            long now = System.currentTimeMillis();
            List<String> ids = new ArrayList<>(names.size());
            List<Document> docs = new ArrayList<>(2 * names.size());
            for (int i = 0; i < names.size(); i++) {
                String id = newId("s");
                ids.add(id);
                docs.add(subjectDocument(id, names.get(i), now));
                docs.add(faceDocument(new Gallery.Face(newId("f"), id, now, false), embeddings.get(i), null));
            }
            // one block: Lucene adds all of it or, on an exception, none (documents added one by one
            // before a failure would be committed by the next change)
            writer.addDocuments(docs);
            commit();
            return ids;
        }
    }

    void optimise() throws IOException {
        synchronized (changes) {
            writer.forceMerge(1);
            commit();
        }
    }

    private void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    private void checkDimensions(List<float[]> embeddings, List<byte[]> images) {
        if (images.size() != embeddings.size()) {
            throw new IllegalArgumentException(embeddings.size() + " embeddings but " + images.size() + " images");
        }
        for (float[] e : embeddings) {
            if (e.length != dimension) {
                throw new IllegalArgumentException("embedding of dimension " + e.length + ", gallery holds " + dimension);
            }
        }
    }
}
