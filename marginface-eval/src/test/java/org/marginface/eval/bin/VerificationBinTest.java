package org.marginface.eval.bin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.testing.TestData;
import org.marginface.eval.FoldResult;
import org.marginface.eval.LfwLocation;
import org.marginface.eval.LfwPairs;
import org.marginface.eval.LfwVerification;
import org.marginface.eval.Protocol;
import org.marginface.eval.VerificationResult;

class VerificationBinTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void readsSetsPickledByPython2AndByPython3WithProtocols2To5() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON + " to pickle sets as insightface's tools do");
        Path images = TestData.require("lfw/lfw-112x96");
        Path a = images.resolve("Aaron_Peirsol/Aaron_Peirsol_0001.jpg");
        Path b = images.resolve("Aaron_Peirsol/Aaron_Peirsol_0002.jpg");
        Path c = images.resolve("Abdullah_Gul/Abdullah_Gul_0001.jpg");
        Path script = Path.of(getClass().getResource("/packs/insightface_bin.py").toURI());
        run(List.of(PYTHON.toString(), script.toString(), tmp.resolve("set").toString(),
                "1", a.toString(), b.toString(), "0", a.toString(), c.toString(), "0", c.toString(), b.toString()));
        for (String variant : List.of("p2py2", "p2", "p3", "p4", "p5")) {
            VerificationBin bin = VerificationBin.read(tmp.resolve("set-" + variant + ".bin"));
            assertEquals(3, bin.pairs(), variant);
            assertArrayEquals(new boolean[] {true, false, false}, bin.same(), variant);
            Path[] expected = {a, b, a, c, c, b};
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(Files.readAllBytes(expected[i]), bin.images().get(i), variant + " image " + i);
            }
        }
    }

    @Test
    void whatWeWritePythonReadsBack() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        Random r = new Random(2);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 2 * 1003; i++) {
            byte[] image = new byte[r.nextInt(600)];
            r.nextBytes(image);
            images.add(image);
        }
        boolean[] same = new boolean[1003];
        for (int i = 0; i < same.length; i++) {
            same[i] = r.nextBoolean();
        }
        Path file = tmp.resolve("ours.bin");
        new VerificationBin(file, images, same).write(file);
        // Python's own unpickler, and a digest of what it read compared with ours
        String digest = run(List.of(PYTHON.toString(), "-c", "import pickle,hashlib,sys\n"
                + "b,s=pickle.load(open(sys.argv[1],'rb'),encoding='bytes')\n"
                + "assert all(type(x) is bytes for x in b) and all(type(x) is bool for x in s)\n"
                + "h=hashlib.sha256()\n[h.update(x) for x in b]\nh.update(bytes(s))\nprint(h.hexdigest())",
                file.toString())).strip();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        images.forEach(sha::update);
        byte[] flags = new byte[same.length];
        for (int i = 0; i < same.length; i++) {
            flags[i] = (byte) (same[i] ? 1 : 0);
        }
        sha.update(flags);
        assertEquals(java.util.HexFormat.of().formatHex(sha.digest()), digest);
        VerificationBin back = VerificationBin.read(file);
        assertArrayEquals(same, back.same());
        assertArrayEquals(images.get(2005), back.images().get(2005));
    }

    private Path pickled(String python) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        Path file = tmp.resolve("bad.bin");
        run(List.of(PYTHON.toString(), "-c", "import pickle,sys\nobj=" + python + "\n"
                + "open(sys.argv[1],'wb').write(pickle.dumps(obj,protocol=4))", file.toString()));
        return file;
    }

    @Test
    void listsOfDifferentLengthAreAnErrorNamingTheFile() throws Exception {
        Path file = pickled("([b'a', b'b', b'c'], [True, False])");
        BinFormatException e = assertThrows(BinFormatException.class, () -> VerificationBin.read(file));
        assertTrue(e.getMessage().contains("bad.bin") && e.getMessage().contains("3 images")
                && e.getMessage().contains("2 pairs"), e.getMessage());
    }

    @Test
    void aPickleOfAnotherShapeIsAnErrorSayingWhatWasFound() throws Exception {
        BinFormatException notPair = assertThrows(BinFormatException.class,
                () -> VerificationBin.read(pickled("{'bins': []}")));
        assertTrue(notPair.getMessage().contains("(bins, issame_list)"), notPair.getMessage());
        BinFormatException notBytes = assertThrows(BinFormatException.class,
                () -> VerificationBin.read(pickled("([1, 2], [True])")));
        assertTrue(notBytes.getMessage().contains("bins[0]"), notBytes.getMessage());
        BinFormatException notBool = assertThrows(BinFormatException.class,
                () -> VerificationBin.read(pickled("([b'x', b'y'], ['yes'])")));
        assertTrue(notBool.getMessage().contains("issame_list[0]"), notBool.getMessage());
        Path garbage = tmp.resolve("garbage.bin");
        Files.writeString(garbage, "not a pickle at all");
        BinFormatException unreadable = assertThrows(BinFormatException.class, () -> VerificationBin.read(garbage));
        assertTrue(unreadable.getMessage().contains("garbage.bin"), unreadable.getMessage());
    }

    @Test
    void foldsAreScikitLearnsUnshuffledKFold() {
        assertEquals(List.of(1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10), toList(BinPairs.folds(12)));
        int[] lfw = BinPairs.folds(6000);
        assertEquals(1, lfw[599]);
        assertEquals(2, lfw[600]);
        assertEquals(10, lfw[5999]);
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) {
            l.add(v);
        }
        return l;
    }

    /**
     * LFW packed into a .bin and evaluated under insightface's protocol gives the folds of LFW's
     * pairs.txt evaluated directly. Features are a fixed random vector per image content, so the test
     * checks the pair order, folds and images without running a network (the commands share the rest).
     */
    @Test
    void lfwPackedIntoABinEvaluatesAsLfwFoldForFold() throws IOException {
        LfwLocation where = LfwLocation.of(TestData.require("lfw"), null);
        LfwPairs pairs = LfwPairs.read(where.pairs(), where.images());
        Path file = tmp.resolve("lfw.bin");
        VerificationBin.of(pairs, file).write(file);
        Map<String, float[]> byContent = new HashMap<>();
        java.util.function.Function<Path, float[]> features = image -> {
            try {
                String key = java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(image)));
                return byContent.computeIfAbsent(key, k -> {
                    Random r = new Random(k.hashCode());
                    float[] v = new float[16];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) r.nextGaussian();
                    }
                    return v;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        VerificationResult direct = LfwVerification.evaluate(pairs, features, Protocol.INSIGHTFACE, false).result();
        try (BinPairs bin = BinPairs.of(VerificationBin.read(file), 112, 96)) {
            VerificationResult packed = LfwVerification.evaluate(bin.pairs(), features, Protocol.INSIGHTFACE, false)
                    .result();
            assertEquals(6000, packed.pairs());
            assertEquals(direct.folds().size(), packed.folds().size());
            for (int f = 0; f < direct.folds().size(); f++) {
                FoldResult d = direct.folds().get(f);
                FoldResult p = packed.folds().get(f);
                assertEquals(d, p, "fold " + (f + 1));
            }
            assertEquals(direct.accuracy(), packed.accuracy(), 0);
            assertEquals(direct.valAtFar(), packed.valAtFar());
        }
    }

    @Test
    void a112x112SetIsCentreCroppedForA112x96ModelAndSmallerImagesAreAnError() throws Exception {
        Path face = TestData.require("lfw/lfw-112x96").resolve("Aaron_Peirsol/Aaron_Peirsol_0001.jpg");
        var image = javax.imageio.ImageIO.read(face.toFile());
        var wide = new java.awt.image.BufferedImage(112, 112, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        wide.getGraphics().drawImage(image, 8, 0, null);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(wide, "png", png);
        List<byte[]> images = new ArrayList<>();
        boolean[] same = new boolean[10];
        for (int i = 0; i < 20; i++) {
            images.add(png.toByteArray());
        }
        VerificationBin bin = new VerificationBin(tmp.resolve("wide.bin"), images, same);
        try (BinPairs pairs = BinPairs.of(bin, 112, 96)) {
            var cropped = javax.imageio.ImageIO.read(pairs.pairs().pairs().get(3).second().toFile());
            assertEquals(96, cropped.getWidth());
            assertEquals(112, cropped.getHeight());
            for (int y = 0; y < 112; y += 7) {
                for (int x = 0; x < 96; x += 5) {
                    assertEquals(image.getRGB(x, y), cropped.getRGB(x, y), "pixel " + x + "," + y);
                }
            }
        }
        BinFormatException e = assertThrows(BinFormatException.class, () -> BinPairs.of(bin, 120, 96));
        assertTrue(e.getMessage().contains("wide.bin") && e.getMessage().contains("smaller"), e.getMessage());
    }

    /** Twenty copies of one LFW crop: ten pairs of a set named {@code name}. */
    private VerificationBin twentyCrops(String name) throws IOException {
        byte[] jpeg = Files.readAllBytes(TestData.require("lfw/lfw-112x96").resolve("Aaron_Peirsol/Aaron_Peirsol_0001.jpg"));
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            images.add(jpeg);
        }
        return new VerificationBin(tmp.resolve(name), images, new boolean[10]);
    }

    @Test
    void aTruncatedJpegInASetIsAnErrorNamingTheSetAndTheImage() throws Exception {
        VerificationBin whole = twentyCrops("cut.bin");
        List<byte[]> images = new ArrayList<>(whole.images());
        byte[] jpeg = images.get(7);
        images.set(7, java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        VerificationBin cut = new VerificationBin(whole.file(), images, whole.same());
        BinFormatException e = assertThrows(BinFormatException.class, () -> BinPairs.of(cut, 112, 96));
        assertTrue(e.getMessage().contains("cut.bin") && e.getMessage().contains("image 7 (pair 4)"), e.getMessage());
    }

    @Test
    void theImageFilesSayWhatTheyAreAndGoWhenClosed() throws Exception {
        BinPairs pairs = BinPairs.of(twentyCrops("agedb_30.bin"), 112, 96);
        Path second = pairs.pairs().pairs().get(1).second();
        Path dir = second.getParent();
        assertEquals("pair-000002-second.jpg", second.getFileName().toString());
        assertTrue(dir.getFileName().toString().startsWith("marginface-bin-agedb_30-"), dir.toString());
        assertTrue(Files.isRegularFile(second));
        pairs.close();
        assertTrue(Files.notExists(dir), dir + " left behind");
    }

    @Test
    void errorsAboutAPairNameTheBinFileAndThePair() throws Exception {
        try (BinPairs pairs = BinPairs.of(twentyCrops("cfp_fp.bin"), 112, 96)) {
            Path missing = pairs.pairs().pairs().get(4).first();
            Map<Path, float[]> features = new HashMap<>();
            Random random = new Random(1);
            for (Path image : pairs.pairs().images()) {
                features.put(image, new float[] {random.nextFloat(), random.nextFloat()});
            }
            features.remove(missing);
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> LfwVerification.evaluate(pairs.pairs(), features, Protocol.INSIGHTFACE, false));
            assertTrue(e.getMessage().startsWith(tmp.resolve("cfp_fp.bin") + " pair 5:"), e.getMessage());
            assertTrue(!e.getMessage().contains("pairs.txt"), e.getMessage());
        }
    }
}
