package org.marginface.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.Vectors;
import org.marginface.core.image.FaceImages;
import org.marginface.core.inference.InferenceModels;
import org.marginface.core.model.Manifest;
import org.marginface.core.model.ModelFormatException;
import org.marginface.core.model.ModelInput;
import org.marginface.core.testing.TestData;
import org.marginface.core.testing.TestModels;

class OnnxImportTest {

    @TempDir
    Path tmp;

    private static final OnnxImport IMAGENET = new OnnxImport(null, null, "imagenet", null, null);

    @Test
    void theManifestRecordsInputNormalisationDigestAndEmbeddingSize() throws IOException {
        Path onnx = TestModels.require("mobilefacenet/mobilefacenet.onnx");
        Manifest m = IMAGENET.run(onnx, tmp.resolve("m"));
        assertEquals(128, m.embeddingSize());
        assertEquals(1, m.onnx().fixedBatch());
        assertEquals(AlignmentTemplate.SQUARE_112X112, m.input().alignment());
        assertEquals(ModelInput.IMAGENET_MEAN, m.input().mean());
        String sums = Files.readString(onnx.resolveSibling("SHA256SUMS"));
        assertTrue(sums.contains(m.files().get("model.onnx")), sums);

        Manifest bgr = new OnnxImport("112x112", "112x96", "127/128", "bgr", "output").run(onnx, tmp.resolve("b"));
        assertEquals(AlignmentTemplate.SQUARE_112X112, bgr.input().alignment()); // 112x96 points centred
        assertEquals(List.of(127.0, 127.0, 127.0), bgr.input().mean());
        assertEquals(ModelInput.Channels.BGR, bgr.input().channels());
    }

    @Test
    void badGraphsAndOptionsAreOneLineErrorsNamingTheFile() throws IOException {
        Path onnx = TestModels.require("mobilefacenet/mobilefacenet.onnx");
        byte[] bytes = Files.readAllBytes(onnx);
        Path truncated = Files.write(tmp.resolve("truncated.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        Path text = Files.writeString(tmp.resolve("text.onnx"), "not a graph\n");
        for (Path bad : List.of(truncated, text)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> IMAGENET.run(bad, tmp.resolve("x")));
            assertTrue(e.getMessage().startsWith(bad.toString() + ": not a valid ONNX graph"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("x")));
        String wrongSize = assertThrows(ModelFormatException.class,
                () -> new OnnxImport("112x96", null, null, null, null).run(onnx, tmp.resolve("x"))).getMessage();
        assertTrue(wrongSize.contains("has shape 1 x 3 x 112 x 112 but --input says 112x96"), wrongSize);
        String wrongOutput = assertThrows(ModelFormatException.class,
                () -> new OnnxImport(null, null, null, null, "features").run(onnx, tmp.resolve("x"))).getMessage();
        assertTrue(wrongOutput.contains("no output named 'features'"), wrongOutput);
        String wrongNorm = assertThrows(ModelFormatException.class,
                () -> new OnnxImport(null, null, "1,2/3", null, null).run(onnx, tmp.resolve("x"))).getMessage();
        assertTrue(wrongNorm.startsWith(onnx + ": --normalize '1,2/3'"), wrongNorm);
    }

    @Test
    void graphsOfTheWrongInputRankOrOutputShapeAreRefusedNamingWhatWasFound() throws IOException {
        Path rank3 = Files.write(tmp.resolve("rank3.onnx"),
                TinyOnnx.graph("Identity", new long[] {-1, 3, 112}, new long[] {-1, 3, 112}));
        String e = assertThrows(ModelFormatException.class, () -> IMAGENET.run(rank3, tmp.resolve("x"))).getMessage();
        assertEquals(rank3 + ": input 'x' has shape N x 3 x 112, expected N x 3 x H x W", e);
        Path image = Files.write(tmp.resolve("image.onnx"),
                TinyOnnx.graph("Identity", new long[] {-1, 3, 16, 16}, new long[] {-1, 3, 16, 16}));
        e = assertThrows(ModelFormatException.class, () -> IMAGENET.run(image, tmp.resolve("x"))).getMessage();
        assertEquals(image + ": output 'y' has shape N x 3 x 16 x 16, expected N x D", e);
    }

    @Test
    void aGraphWithoutFixedHeightAndWidthIsRefusedSayingSo() throws IOException {
        Path dynamic = Files.write(tmp.resolve("dynamic.onnx"),
                TinyOnnx.graph("Identity", new long[] {-1, 3, -1, -1}, new long[] {-1, 8}));
        String e = assertThrows(ModelFormatException.class,
                () -> new OnnxImport("16x16", null, null, null, null).run(dynamic, tmp.resolve("x"))).getMessage();
        assertEquals(dynamic + ": input 'x' has shape N x 3 x N x N: its height and width are not fixed; marginface"
                + " imports graphs whose input size is fixed (export the graph with a fixed height and width,"
                + " e.g. 1 x 3 x 112 x 112)", e);
    }

    /** A bad value read from the graph's metadata is blamed on its metadata key, not on an option not given. */
    @Test
    void badMetadataValuesNameTheirKey() throws IOException {
        long[] in = {-1, 3, 16, 16};
        long[] out = {-1, 768};
        String points = "1,1,2,2,3,3,4,4,5,6";
        String[][] cases = {
            {"marginface.input", "16x15", "input 'x' has shape N x 3 x 16 x 16 but metadata key 'marginface.input' says 16x15"},
            {"marginface.input", "big", "metadata key 'marginface.input' 'big' is not HEIGHTxWIDTH (e.g. 112x112)"},
            {"marginface.template", "112x96", "metadata key 'marginface.template' '112x96': the 112x96 template does"
                    + " not fit a 16x16 input"},
            {"marginface.normalize", "1,2/3", "metadata key 'marginface.normalize' '1,2/3': "},
            {"marginface.channels", "yuv", "metadata key 'marginface.channels' 'yuv': expected rgb or bgr"},
        };
        for (String[] c : cases) {
            java.util.Map<String, String> metadata = new java.util.HashMap<>(java.util.Map.of("marginface.template", points));
            metadata.put(c[0], c[1]);
            Path onnx = Files.write(tmp.resolve("meta.onnx"), TinyOnnx.graph("Flatten", in, out, metadata));
            String e = assertThrows(ModelFormatException.class,
                    () -> new OnnxImport(null, null, null, null, null).run(onnx, tmp.resolve("x"))).getMessage();
            assertTrue(e.startsWith(onnx + ": " + c[2]), e);
            assertFalse(e.contains("--"), e);
        }
        // the same value given as an option is blamed on the option
        Path onnx = Files.write(tmp.resolve("plain.onnx"), TinyOnnx.graph("Flatten", in, out));
        String e = assertThrows(ModelFormatException.class,
                () -> new OnnxImport(null, points, null, "yuv", null).run(onnx, tmp.resolve("x"))).getMessage();
        assertEquals(onnx + ": --channels 'yuv': expected rgb or bgr", e);
        // no template from either place, and none named for the size: the option to give
        e = assertThrows(ModelFormatException.class,
                () -> new OnnxImport(null, null, null, null, null).run(onnx, tmp.resolve("x"))).getMessage();
        assertEquals(onnx + ": the input is 16x16, which has no named alignment template: give its five points with"
                + " --template X1,Y1,...,X5,Y5", e);
        // a metadata value is overridden by the option
        Path meta = Files.write(tmp.resolve("meta.onnx"),
                TinyOnnx.graph("Flatten", in, out, java.util.Map.of("marginface.channels", "yuv")));
        assertEquals(ModelInput.Channels.BGR, new OnnxImport(null, points, null, "bgr", null)
                .run(meta, tmp.resolve("m")).input().channels());
    }

    /** One graph file imported with two different outputs: the two models' cached embeddings never mix. */
    @Test
    void theEmbeddingCacheKeysOnTheOutputName() throws IOException {
        Path onnx = Files.write(tmp.resolve("two.onnx"),
                TinyOnnx.twoOutputs("Flatten", new long[] {-1, 3, 16, 16}, new long[] {-1, 768}));
        String points = "1,1,2,2,3,3,4,4,5,6";
        new OnnxImport(null, points, null, null, "y").run(onnx, tmp.resolve("y"));
        new OnnxImport(null, points, null, null, "z").run(onnx, tmp.resolve("z"));
        Path cache = tmp.resolve("cache");
        try (EmbeddingModel y = InferenceModels.load(tmp.resolve("y"));
                EmbeddingModel z = InferenceModels.load(tmp.resolve("z"))) {
            assertEquals(y.manifest().files(), z.manifest().files());
            assertEquals(y.input(), z.input());
            assertFalse(org.marginface.core.embed.EmbeddingCache.open(cache, y).file()
                    .equals(org.marginface.core.embed.EmbeddingCache.open(cache, z).file()));
        }
    }

    @Test
    void aGraphWithDynamicBatchEmbedsInBatchesAndEveryFlipFusion() throws IOException {
        Path flatten = Files.write(tmp.resolve("flatten.onnx"),
                TinyOnnx.graph("Flatten", new long[] {-1, 3, 16, 16}, new long[] {-1, 768}));
        Path dir = tmp.resolve("m");
        Manifest m = new OnnxImport(null, "1,1,2,2,3,3,4,4,5,6", "0/1", null, null).run(flatten, dir);
        assertEquals(0, m.onnx().fixedBatch());
        assertEquals(768, m.embeddingSize());
        BufferedImage a = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        a.setRGB(0, 5, 0x030201);
        BufferedImage b = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        try (EmbeddingModel model = InferenceModels.load(dir);
                Embedder none = model.embedder(FlipFusion.NONE);
                Embedder sum = model.embedder(FlipFusion.SUM);
                Embedder concat = model.embedder(FlipFusion.CONCAT)) {
            List<float[]> plain = none.embedRaw(List.of(a, b));
            // the identity network returns the normalised planes: R of pixel (x 0, y 5), then G and B
            assertEquals(3f, plain.get(0)[5 * 16], 0f);
            assertEquals(2f, plain.get(0)[256 + 5 * 16], 0f);
            assertEquals(0f, plain.get(1)[5 * 16], 0f);
            float[] fused = sum.embedRaw(List.of(a, b)).get(0);
            assertEquals(3f, fused[5 * 16], 0f);
            assertEquals(3f, fused[5 * 16 + 15], 0f); // the mirror's pixel (x 15, y 5)
            assertEquals(1536, concat.embedRaw(List.of(a)).get(0).length);
        }
    }

    @Test
    void anExportedMarginfaceModelImportsWithItsMetadataAndGivesTheSameFeatures() throws IOException {
        org.marginface.core.backbone.BackboneSpec spec =
                new org.marginface.core.backbone.BackboneSpec("sphereface", 4, 112, 96, 64);
        Path onnx = tmp.resolve("sf4.onnx");
        BufferedImage face = new BufferedImage(96, 112, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 96; x++) {
                face.setRGB(x, y, (x * 2) << 16 | (y * 2) << 8 | ((x + y) & 0xff));
            }
        }
        float[] torch;
        try (org.marginface.core.model.FaceModel model = org.marginface.core.model.FaceModel.create(spec, null, 0, 3);
                Embedder embedder = model.embedder(FlipFusion.SUM)) {
            org.marginface.core.export.OnnxExport.write(model, onnx);
            torch = embedder.embedRaw(List.of(face)).get(0);
        }
        Manifest m = new OnnxImport(null, null, null, null, null).run(onnx, tmp.resolve("m"));
        assertEquals(ModelInput.defaultFor(spec), m.input());
        assertEquals("sphereface4", m.onnx().name());
        assertEquals(0, m.onnx().fixedBatch());
        try (EmbeddingModel model = InferenceModels.load(tmp.resolve("m"));
                Embedder embedder = model.embedder(FlipFusion.SUM)) {
            float[] ort = Vectors.l2Normalize(embedder.embedRaw(List.of(face)).get(0));
            float[] expected = Vectors.l2Normalize(torch);
            for (int i = 0; i < ort.length; i++) {
                assertEquals(expected[i], ort[i], 1e-4f);
            }
        }
    }

    @Test
    void aModelWhoseGraphNoLongerMatchesItsDigestIsRefused() throws IOException {
        Path onnx = TestModels.require("mobilefacenet/mobilefacenet.onnx");
        Path dir = tmp.resolve("m");
        IMAGENET.run(onnx, dir);
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        bytes[bytes.length - 10] ^= 1;
        Files.write(dir.resolve("model.onnx"), bytes);
        String e = assertThrows(ModelFormatException.class, () -> InferenceModels.load(dir)).getMessage();
        assertTrue(e.startsWith(dir.resolve("model.onnx") + " (") && e.contains(" has SHA-256 ")
                && e.contains("changed or damaged"), e);
    }

    /**
     * The imported MobileFaceNet on 200 pairs of LFW's first fold (112x96 crops padded to 112x112):
     * a wrong template, padding, normalisation or channel order drops this far below the model's 99%.
     */
    @Test
    void importedMobileFaceNetVerifiesLfwPairs() throws IOException {
        Path lfw = TestData.require("lfw");
        Path dir = tmp.resolve("m");
        IMAGENET.run(TestModels.require("mobilefacenet/mobilefacenet.onnx"), dir);
        List<String> lines = Files.readAllLines(lfw.resolve("pairs.txt"));
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        try (EmbeddingModel model = InferenceModels.load(dir); Embedder embedder = model.embedder(FlipFusion.SUM)) {
            for (String line : lines.subList(1, 301)) {
                String[] f = line.split("\t");
                boolean isSame = f.length == 3;
                if ((isSame ? same : different).size() == 100) {
                    continue;
                }
                Path a = image(lfw, f[0], f[1]);
                Path b = isSame ? image(lfw, f[0], f[2]) : image(lfw, f[2], f[3]);
                List<float[]> features = embedder.embedRaw(List.of(fit(model, a), fit(model, b)));
                (isSame ? same : different).add(cosine(features.get(0), features.get(1)));
            }
            for (String line : lines.subList(301, 601)) {
                String[] f = line.split("\t");
                if (different.size() == 100) {
                    break;
                }
                List<float[]> features = embedder.embedRaw(List.of(fit(model, image(lfw, f[0], f[1])),
                        fit(model, image(lfw, f[2], f[3]))));
                different.add(cosine(features.get(0), features.get(1)));
            }
        }
        int best = 0;
        for (double t : same) {
            int correct = (int) (same.stream().filter(s -> s >= t).count() + different.stream().filter(d -> d < t).count());
            best = Math.max(best, correct);
        }
        assertTrue(best >= 194, "best threshold classifies " + best + " of 200 pairs correctly");
    }

    private static BufferedImage fit(EmbeddingModel model, Path image) throws IOException {
        return model.input().fit(FaceImages.read(image), image);
    }

    private static Path image(Path lfw, String name, String number) {
        return lfw.resolve("lfw-112x96").resolve(name).resolve(String.format("%s_%04d.jpg", name, Integer.parseInt(number)));
    }

    private static double cosine(float[] a, float[] b) {
        float[] x = Vectors.l2Normalize(a);
        float[] y = Vectors.l2Normalize(b);
        double dot = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
        }
        return dot;
    }
}
