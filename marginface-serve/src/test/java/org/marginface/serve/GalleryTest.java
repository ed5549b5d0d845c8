package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.embed.Vectors;

class GalleryTest {

    private static final int DIM = 32;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    Path dir;

    static float[] randomUnit(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.l2Normalize(v);
    }

    static List<float[]> randomUnits(Random random, int n) {
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vectors.add(randomUnit(random));
        }
        return vectors;
    }

    /** One subject per vector, named "person i". */
    static List<String> enrollOneFaceEach(Gallery g, List<float[]> vectors) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            names.add("person " + i);
        }
        return g.addSubjectsWithOneFace(names, vectors);
    }

    @Test
    void subjectsAndFacesPersistAcrossReopening() throws IOException {
        Random random = new Random(1);
        String alice;
        String faceToKeep;
        try (Gallery g = Gallery.open(dir, "model-a", DIM, Gallery.Options.defaults())) {
            alice = g.createSubject(null, "Alice").id();
            String bob = g.createSubject("bob", "Bob").id();
            assertEquals("bob", bob);
            assertThrows(ApiException.class, () -> g.createSubject("bob", "Bob again"));
            List<Gallery.Face> faces = g.addFaces(alice, List.of(randomUnit(random), randomUnit(random)));
            faceToKeep = faces.get(1).id();
            assertTrue(g.deleteFace(alice, faces.get(0).id()));
            assertFalse(g.deleteFace("bob", faceToKeep), "a face is deleted only through its own subject");
            g.renameSubject(alice, "Alice B.");
            assertTrue(g.deleteSubject("bob"));
            assertFalse(g.deleteSubject("bob"));
        }
        try (Gallery g = Gallery.open(dir, "model-a", DIM, Gallery.Options.defaults())) {
            assertEquals(1, g.subjectCount());
            assertEquals("Alice B.", g.subject(alice).orElseThrow().name());
            assertEquals(List.of(faceToKeep), g.faces(alice).stream().map(Gallery.Face::id).toList());
        }
    }

    @Test
    void faceImagesAreDurableAndGoWithTheirFace() throws IOException {
        Random random = new Random(4);
        byte[] jpegA = {(byte) 0xff, (byte) 0xd8, 1, 2, 3};
        byte[] jpegB = {(byte) 0xff, (byte) 0xd8, 4, 5, 6, 7};
        String carol;
        List<Gallery.Face> faces;
        String dave;
        try (Gallery g = Gallery.open(dir, "model-a", DIM, Gallery.Options.defaults())) {
            carol = g.createSubject(null, "Carol", List.of(randomUnit(random), randomUnit(random)),
                    java.util.Arrays.asList(jpegA, null)).subject().id();
            faces = g.faces(carol);
            dave = g.createSubject(null, "Dave").id();
            g.addFaces(dave, List.of(randomUnit(random)), List.of(jpegB));
        }
        try (Gallery g = Gallery.open(dir, "model-a", DIM, Gallery.Options.defaults())) {
            assertEquals(List.of(true, false), g.faces(carol).stream().map(Gallery.Face::hasImage).toList());
            assertArrayEquals(jpegA, g.faceImage(carol, faces.get(0).id()).orElseThrow());
            assertTrue(g.faceImage(carol, faces.get(1).id()).isEmpty());
            assertTrue(g.faceImage(dave, faces.get(0).id()).isEmpty(), "a face's image only through its own subject");
            String daveFace = g.faces(dave).get(0).id();
            assertArrayEquals(jpegB, g.faceImage(dave, daveFace).orElseThrow());
            assertTrue(g.deleteFace(carol, faces.get(0).id()));
            assertTrue(g.faceImage(carol, faces.get(0).id()).isEmpty());
            assertTrue(g.deleteSubject(dave));
            assertTrue(g.faceImage(dave, daveFace).isEmpty());
        }
    }

    @Test
    void aSubjectCreatedWithFacesIsOneCommit() throws IOException {
        Random random = new Random(5);
        try (Gallery g = Gallery.open(dir, "model-a", DIM, Gallery.Options.defaults())) {
            g.createSubject("erin", "Erin");
            assertThrows(ApiException.class, () -> g.createSubject("erin", "Erin again", List.of(randomUnit(random)),
                    java.util.Collections.singletonList(null)));
            assertEquals(0, g.faceCount(), "a refused creation adds no face");
            Gallery.NewSubject frank = g.createSubject(null, "Frank", randomUnits(random, 3),
                    java.util.Collections.nCopies(3, null));
            assertEquals(3, frank.subject().faces());
            assertEquals(3, g.subject(frank.subject().id()).orElseThrow().faces());
            // the faces it was created with come back, in order, and are the ones the gallery holds
            assertEquals(3, frank.faces().size());
            assertEquals(Set.copyOf(frank.faces()), Set.copyOf(g.faces(frank.subject().id())));
        }
    }

    /** A vector Lucene refuses while the change is being written: the failure midway through a change. */
    private static float[] unwritable() {
        float[] v = new float[DIM];
        v[0] = Float.NaN;
        return v;
    }

    @Test
    void aChangeThatFailsMidwayLeavesNothingForTheNextCommit() throws IOException {
        Random random = new Random(6);
        List<float[]> third = new ArrayList<>(randomUnits(random, 2));
        third.add(unwritable());
        try (Gallery g = Gallery.open(dir, "model-a", DIM, Gallery.Options.defaults())) {
            enrollOneFaceEach(g, randomUnits(random, 2));
            assertThrows(IllegalArgumentException.class, () -> enrollOneFaceEach(g, third));
            assertThrows(IllegalArgumentException.class, () -> g.createSubject("gina", "Gina", third,
                    java.util.Collections.nCopies(3, null)));
            g.createSubject("henry", "Henry"); // a later change commits whatever the writer holds
        }
        try (Gallery g = Gallery.open(dir, "model-a", DIM, Gallery.Options.defaults())) {
            assertEquals(3, g.subjectCount(), "the two subjects before, Henry, nothing of the failed changes");
            assertEquals(2, g.faceCount());
            assertTrue(g.subject("gina").isEmpty());
        }
    }

    @Test
    void refusesAnotherModelsGallery() throws IOException {
        Gallery.open(dir, "model-a", DIM, Gallery.Options.defaults()).close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Gallery.open(dir, "model-b", DIM, Gallery.Options.defaults()));
        assertTrue(e.getMessage().contains("model-a"), e.getMessage());
    }

    @Test
    void identifyRanksSubjectsByTheirBestFaceAndHnswAgreesWithExact() throws IOException {
        Random random = new Random(2);
        try (Gallery g = Gallery.open(dir, "m", DIM, Gallery.Options.defaults())) {
            List<float[]> vectors = randomUnits(random, 500);
            List<String> ids = enrollOneFaceEach(g, vectors);
            int agree = 0;
            for (int q = 0; q < 50; q++) {
                float[] query = vectors.get(q * 7);
                List<Gallery.Match> exact = g.identify(query, 3, true);
                assertEquals(ids.get(q * 7), exact.get(0).subjectId());
                assertEquals(1.0, exact.get(0).similarity(), 1e-5);
                assertTrue(exact.get(0).similarity() >= exact.get(1).similarity());
                List<Gallery.Match> approx = g.identify(query, 3, false);
                assertEquals(exact.get(0).similarity(), approx.get(0).similarity(), 1e-5);
                agree += approx.get(0).subjectId().equals(exact.get(0).subjectId()) ? 1 : 0;
            }
            assertEquals(50, agree);
            // a second face of person 0 close to a query makes person 0 the answer, once
            float[] probe = randomUnit(random);
            g.addFaces(ids.get(0), List.of(probe));
            List<Gallery.Match> top = g.identify(probe, 5, true);
            assertEquals(ids.get(0), top.get(0).subjectId());
            assertEquals(5, top.stream().map(Gallery.Match::subjectId).distinct().count());
            assertEquals(1.0, g.bestFaceOf(ids.get(0), probe).orElseThrow().similarity(), 1e-5);
        }
    }

    @Test
    void concurrentEnrollDeleteAndIdentifyLoseNothingAcknowledged() throws Exception {
        Random random = new Random(3);
        try (Gallery g = Gallery.open(dir, "m", DIM, new Gallery.Options(0, false, 16, 100, Gallery.Options.DEFAULT_CANDIDATES))) {
            String keep = g.createSubject("keep", "Keep").id();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long seed = t;
                work.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 20; i++) {
                        String temp = g.createSubject(null, "temp").id();
                        g.addFaces(temp, List.of(randomUnit(r)));
                        acknowledged.add(g.addFaces(keep, List.of(randomUnit(r))).get(0).id());
                        g.deleteSubject(temp);
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                Random r = new Random(9);
                for (int i = 0; i < 100; i++) {
                    g.identify(randomUnit(r), 3);
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
            assertEquals(1, g.subjectCount());
            assertEquals(acknowledged, Set.copyOf(g.faces(keep).stream().map(Gallery.Face::id).toList()));
            assertEquals(60, g.faceCount());
        }
    }

    @Test
    void quantisedIndexFindsTheSameFace() throws IOException {
        Random random = new Random(4);
        try (Gallery g = Gallery.open(dir, "m", DIM, new Gallery.Options(0, true, 16, 100, Gallery.Options.DEFAULT_CANDIDATES))) {
            List<float[]> vectors = randomUnits(random, 300);
            List<String> ids = enrollOneFaceEach(g, vectors);
            for (int q = 0; q < 20; q++) {
                assertEquals(ids.get(q), g.identify(vectors.get(q), 1, false).get(0).subjectId());
            }
        }
    }

    /**
     * A gallery of a few thousand random identities with probes far from their identity (expected
     * cosine 0.6, as the benchmark): at the default search breadth HNSW finds the exact top-1 for
     * nearly every probe, float and int7 alike, and the breadth is what buys it.
     */
    @Test
    void theDefaultBreadthFindsTheExactTopOneOnAHardGallery() throws IOException {
        int identities = 3000;
        int queries = 100;
        for (boolean quantized : new boolean[] {false, true}) {
            Path indexDir = dir.resolve(quantized ? "int7" : "float");
            Random random = new Random(5);
            Gallery.Options options = new Gallery.Options(0, quantized, 16, 100, Gallery.Options.DEFAULT_CANDIDATES);
            try (Gallery g = Gallery.open(indexDir, "m", DIM, options)) {
                List<float[]> vectors = randomUnits(random, identities);
                enrollOneFaceEach(g, vectors);
                List<float[]> probes = new ArrayList<>();
                for (int q = 0; q < queries; q++) {
                    probes.add(noisy(vectors.get(random.nextInt(identities)), 0.6, random));
                }
                int atDefault = 0;
                int narrow = 0;
                for (float[] probe : probes) {
                    String exact = g.identify(probe, 1, true).get(0).subjectId();
                    atDefault += exact.equals(g.identify(probe, 1, false).get(0).subjectId()) ? 1 : 0;
                    narrow += exact.equals(g.identifyApproximately(probe, 1, 4).get(0).subjectId()) ? 1 : 0;
                }
                String index = quantized ? "int7" : "float";
                assertTrue(atDefault >= queries - 1, index + ": exact top-1 found for " + atDefault + " of " + queries);
                assertTrue(narrow < atDefault, index + ": 4 candidates found " + narrow + ", the default " + atDefault);
            }
        }
    }

    @Test
    void searchSettingsOutsideTheirRangeAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Gallery.Options(0, false, 16, 100, 0));
        assertTrue(e.getMessage().contains("hnswCandidates"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Gallery.Options(0, false, Gallery.Options.MAX_CONN_LIMIT + 1, 100, 100));
        assertTrue(e.getMessage().contains("hnswMaxConn"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Gallery.Options(0, false, 16, 0, 100));
        assertTrue(e.getMessage().contains("hnswBeamWidth"), e.getMessage());
    }

    /** {@code v} plus Gaussian noise scaled so that the expected cosine to {@code v} is {@code cosine}. */
    private static float[] noisy(float[] v, double cosine, Random random) {
        double sigma = Math.sqrt(1 / (cosine * cosine) - 1) / Math.sqrt(v.length);
        float[] p = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            p[d] = (float) (v[d] + sigma * random.nextGaussian());
        }
        return Vectors.l2Normalize(p);
    }
}
