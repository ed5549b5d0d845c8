package org.marginface.core.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.export.OnnxMetadata;
import org.marginface.core.model.FileDigest;
import org.marginface.core.model.Manifest;
import org.marginface.core.model.ModelDirectory;
import org.marginface.core.model.ModelFormatException;
import org.marginface.core.model.ModelInput;
import org.marginface.core.model.OnnxGraph;
import org.marginface.core.model.Version;

/**
 * Turns an ONNX face embedder into a marginface model directory ({@code manifest.json} and
 * {@code model.onnx}). Options left out default to what a graph written by {@code export onnx}
 * carries in its metadata ({@link OnnxMetadata#INPUT} and the others), else to the graph's input size,
 * the named template of that size, (x − 127.5) / 128 and RGB. An error about a value names where it
 * came from: the option ({@code --input}) or the metadata key ({@code marginface.input}).
 *
 * @param input {@code HxW}, or null
 * @param template {@code 112x112}, {@code 112x96} or ten numbers {@code X1,Y1,...,X5,Y5}, or null
 * @param normalize {@code imagenet} or {@code MEAN/STD} (one value or three each, pixel units), or null
 * @param channels {@code rgb} or {@code bgr}, or null
 * @param output the graph output holding the embedding, or null for the only one
 */
public record OnnxImport(String input, String template, String normalize, String channels, String output) {

    /** Imports {@code onnx} into the new model directory {@code out} and returns its manifest. */
    public Manifest run(Path onnx, Path out) throws IOException {
        if (Files.exists(out) && !(Files.isDirectory(out) && isEmpty(out))) {
            throw new IOException(out + ": already exists; choose a new model directory");
        }
        Manifest manifest;
        try (OrtSession session = OnnxSessions.open(onnx)) {
            OnnxSessions.Signature sig = OnnxSessions.signature(session, onnx, output);
            Map<String, String> meta = sig.metadata();
            Setting sizeSetting = pick(input, "--input", meta, OnnxMetadata.INPUT);
            int[] size = size(sizeSetting, onnx);
            if (size == null) {
                size = new int[] {(int) sig.inputShape()[2], (int) sig.inputShape()[3]};
            } else if (size[0] != sig.inputShape()[2] || size[1] != sig.inputShape()[3]) {
                throw new ModelFormatException(onnx + ": input '" + sig.inputName() + "' has shape "
                        + OnnxSessions.shape(sig.inputShape()) + " but " + sizeSetting.source() + " says "
                        + size[0] + "x" + size[1]);
            }
            AlignmentTemplate alignment = template(pick(template, "--template", meta, OnnxMetadata.TEMPLATE), size, onnx);
            List<Double>[] meanStd = normalization(pick(normalize, "--normalize", meta, OnnxMetadata.NORMALIZE), onnx);
            Setting ch = pick(channels, "--channels", meta, OnnxMetadata.CHANNELS);
            ModelInput.Channels order;
            try {
                order = ch == null ? ModelInput.Channels.RGB : ModelInput.Channels.parse(ch.value());
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(onnx + ": " + ch.source() + " '" + ch.value() + "': expected rgb or bgr");
            }
            ModelInput modelInput = ModelInput.of(alignment, meanStd[0], meanStd[1], order);
            String name = meta.getOrDefault(OnnxMetadata.BACKBONE, stem(onnx));
            OnnxGraph graph = new OnnxGraph(OnnxGraph.FILE, name, sig.inputName(), sig.outputName(),
                    sig.embeddingSize(), sig.fixedBatch(), onnx.toAbsolutePath().normalize().toString());
            String digest = FileDigest.sha256(onnx);
            manifest = new Manifest(Manifest.FORMAT_VERSION, null, null, 0, 0, null, null, Version.get(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Map.of(OnnxGraph.FILE, digest),
                    modelInput, graph);
        } catch (OrtException e) {
            throw new ModelFormatException(onnx + ": " + e.getMessage());
        }
        write(onnx, out, manifest);
        return manifest;
    }

    private static void write(Path onnx, Path out, Manifest manifest) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp-");
        try {
            Files.copy(onnx, staging.resolve(OnnxGraph.FILE));
            if (!FileDigest.sha256(staging.resolve(OnnxGraph.FILE)).equals(manifest.files().get(OnnxGraph.FILE))) {
                throw new IOException(onnx + ": changed while it was being imported");
            }
            try (OutputStream o = Files.newOutputStream(staging.resolve(Manifest.FILE_NAME))) {
                ModelDirectory.JSON.writeValue(o, manifest);
            }
            Files.deleteIfExists(target); // an empty directory
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                try (var walk = Files.walk(staging)) {
                    for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** A value and where it came from, as errors name it: {@code --input} or {@code metadata key 'marginface.input'}. */
    private record Setting(String value, String source) {}

    /** The option when given, else the graph's metadata entry, else null. */
    private static Setting pick(String option, String optionName, Map<String, String> meta, String key) {
        if (option != null) {
            return new Setting(option, optionName);
        }
        String value = meta.get(key);
        return value == null ? null : new Setting(value, "metadata key '" + key + "'");
    }

    private static int[] size(Setting setting, Path onnx) throws ModelFormatException {
        if (setting == null) {
            return null;
        }
        String text = setting.value();
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int h = Integer.parseInt(parts[0]);
                int w = Integer.parseInt(parts[1]);
                if (h > 0 && w > 0) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelFormatException(onnx + ": " + setting.source() + " '" + text + "' is not HEIGHTxWIDTH (e.g. 112x112)");
    }

    private static AlignmentTemplate template(Setting setting, int[] size, Path onnx) throws ModelFormatException {
        if (setting == null) {
            try {
                return AlignmentTemplate.of(size[0], size[1], null);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(onnx + ": the input is " + size[0] + "x" + size[1]
                        + ", which has no named alignment template: give its five points with --template X1,Y1,...,X5,Y5");
            }
        }
        String text = setting.value();
        try {
            if (text.contains(",")) {
                String[] parts = text.split(",");
                if (parts.length != 10) {
                    throw new IllegalArgumentException("expected 10 numbers X1,Y1,...,X5,Y5, got " + parts.length);
                }
                double[] xy = new double[10];
                for (int i = 0; i < 10; i++) {
                    xy[i] = Double.parseDouble(parts[i].trim());
                }
                return AlignmentTemplate.of(size[0], size[1], FaceLandmarks.of(xy));
            }
            AlignmentTemplate named = AlignmentTemplate.fromLabel(text);
            if (named.height() == size[0] && named.width() == size[1]) {
                return named;
            }
            int pad = (size[1] - named.width()) / 2;
            if (named.height() == size[0] && pad > 0 && named.width() + 2 * pad == size[1]) {
                // a narrower template centred in the wider input, e.g. 112x96 points in a 112x112 input
                return AlignmentTemplate.of(size[0], size[1], named.landmarks().translate(pad, 0));
            }
            throw new IllegalArgumentException("the " + named.label() + " template does not fit a "
                    + size[0] + "x" + size[1] + " input");
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(onnx + ": " + setting.source() + " '" + text + "': " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Double>[] normalization(Setting setting, Path onnx) throws ModelFormatException {
        if (setting == null) {
            return new List[] {ModelInput.PAPER_MEAN, ModelInput.PAPER_STD};
        }
        String text = setting.value();
        if (text.trim().equalsIgnoreCase("imagenet")) {
            return new List[] {ModelInput.IMAGENET_MEAN, ModelInput.IMAGENET_STD};
        }
        String[] parts = text.split("/");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected imagenet or MEAN/STD");
            }
            List<Double> mean = numbers(parts[0]);
            List<Double> std = numbers(parts[1]);
            // checks counts, finiteness and positive std
            ModelInput.of(AlignmentTemplate.SPHEREFACE_112X96, mean, std, ModelInput.Channels.RGB);
            return new List[] {mean, std};
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(onnx + ": " + setting.source() + " '" + text + "': " + e.getMessage());
        }
    }

    private static List<Double> numbers(String text) {
        List<Double> out = new ArrayList<>();
        for (String p : text.split(",")) {
            out.add(Double.parseDouble(p.trim()));
        }
        return out;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }
}
