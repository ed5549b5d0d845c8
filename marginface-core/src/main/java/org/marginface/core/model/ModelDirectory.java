package org.marginface.core.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.backbone.SphereFace;
import org.marginface.core.engine.Engines;
import org.marginface.core.head.ClassifierHead;

/**
 * Saves and loads model directories: {@code manifest.json}, {@code backbone.params} and, when the
 * model has a head, {@code head.params} (DJL's parameter format). Saving is atomic: the directory is
 * written beside the target and renamed into place.
 */
public final class ModelDirectory {

    /** One mapper for manifests, strict about unknown fields so that a typo is not silently ignored. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ModelDirectory() {}

    /** Writes the model to {@code dir}, replacing what was there, and returns the manifest written. */
    public static Manifest save(FaceModel model, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            makeReadable(staging);
            Map<String, String> digests = new LinkedHashMap<>();
            digests.put(Manifest.BACKBONE_FILE, writeParams(model.backbone(), staging.resolve(Manifest.BACKBONE_FILE)));
            if (model.head() != null) {
                digests.put(Manifest.HEAD_FILE, writeParams(model.head(), staging.resolve(Manifest.HEAD_FILE)));
            }
            Manifest old = model.manifest();
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, old.backbone(), old.head(), old.numClasses(),
                    old.seed(), old.training(), old.dataFingerprint(), Version.get(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), digests, old.input(), null);
            try (OutputStream out = Files.newOutputStream(staging.resolve(Manifest.FILE_NAME))) {
                JSON.writeValue(out, manifest);
            }
            if (Files.exists(target)) {
                Path old2 = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
                Files.move(target, old2, StandardCopyOption.REPLACE_EXISTING);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old2);
            } else {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return manifest;
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    /**
     * Deletes what a {@link #save} of {@code dir} killed part-way leaves beside it (its staging and
     * replaced-copy directories); {@code dir} itself is untouched.
     */
    public static void removeLeftovers(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(target.getParent())) {
            return;
        }
        String name = "." + target.getFileName();
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(name + ".tmp-")
                    || p.getFileName().toString().startsWith(name + ".old-")).toList()) {
                deleteTree(p);
            }
        }
    }

    /** Reads only the manifest, checking its fields. */
    public static Manifest readManifest(Path dir) throws IOException {
        Path file = dir.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(dir + " is not a model directory: " + Manifest.FILE_NAME + " is missing");
        }
        Manifest m;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(file.toFile());
            java.util.Set<String> known = new java.util.HashSet<>();
            for (var component : Manifest.class.getRecordComponents()) {
                known.add(component.getName());
            }
            for (var names = tree.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new ModelFormatException(file + ": unknown field '" + name + "'");
                }
            }
            m = JSON.treeToValue(tree, Manifest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ModelFormatException(file + ": unknown field '" + fieldPath(e.getPath()) + "'");
        } catch (InvalidTypeIdException e) {
            throw new ModelFormatException(file + ": field '" + fieldPath(e.getPath()) + "' has an unknown head type '"
                    + e.getTypeId() + "'");
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String where = fieldPath(e.getPath());
            throw new ModelFormatException(file + ": " + (where.isEmpty() ? "" : "field '" + where + "': ")
                    + (cause == e ? e.getOriginalMessage() : cause.getMessage()));
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (m.formatVersion() != Manifest.FORMAT_VERSION) {
            throw new ModelFormatException(file + ": field 'formatVersion' is " + m.formatVersion()
                    + ", this version of marginface reads " + Manifest.FORMAT_VERSION);
        }
        if (m.onnx() != null) {
            return checkOnnx(file, m);
        }
        if (m.backbone() == null) {
            throw new ModelFormatException(file + ": field 'backbone' is missing");
        }
        if (m.input().height() != m.backbone().inputHeight() || m.input().width() != m.backbone().inputWidth()) {
            throw new ModelFormatException(file + ": field 'input' is " + m.input().height() + "x" + m.input().width()
                    + " but the backbone takes " + m.backbone().inputHeight() + "x" + m.backbone().inputWidth());
        }
        if ((m.head() == null) != (m.numClasses() == 0)) {
            throw new ModelFormatException(file + ": field 'numClasses' is " + m.numClasses() + " but field 'head' is "
                    + (m.head() == null ? "absent" : m.head().type()));
        }
        if (!m.files().containsKey(Manifest.BACKBONE_FILE)) {
            throw new ModelFormatException(file + ": field 'files' does not list " + Manifest.BACKBONE_FILE);
        }
        if (m.head() != null && !m.files().containsKey(Manifest.HEAD_FILE)) {
            throw new ModelFormatException(file + ": field 'files' does not list " + Manifest.HEAD_FILE
                    + " although field 'head' is set");
        }
        return m;
    }

    private static Manifest checkOnnx(Path file, Manifest m) throws ModelFormatException {
        if (m.backbone() != null || m.head() != null) {
            throw new ModelFormatException(file + ": an ONNX model has no 'backbone' or 'head' fields");
        }
        if (m.input() == null) {
            throw new ModelFormatException(file + ": field 'input' is missing");
        }
        if (!m.files().containsKey(m.onnx().file())) {
            throw new ModelFormatException(file + ": field 'files' does not list " + m.onnx().file());
        }
        return m;
    }

    /** Loads a model directory, checking digests and that every weight has the shape the manifest implies. */
    public static FaceModel load(Path dir) throws IOException {
        Manifest m = readManifest(dir);
        if (m.onnx() != null) {
            throw new ModelFormatException(dir + " holds an imported ONNX graph, which can be used for embedding and"
                    + " evaluation but not as marginface weights (training, checkpoints)");
        }
        Engines.pytorch();
        NDManager manager = NDManager.newBaseManager();
        try {
            BackboneSpec spec = m.backbone();
            SequentialBlock backbone = SphereFace.build(spec);
            readParams(backbone, dir, Manifest.BACKBONE_FILE, m, manager);
            ClassifierHead head = null;
            if (m.head() != null) {
                head = new ClassifierHead(m.head(), m.numClasses(), spec.embeddingSize());
                readParams(head, dir, Manifest.HEAD_FILE, m, manager);
            }
            // the reference networks only give the expected shapes: their weights live in a scope closed at once
            try (NDManager scratch = manager.newSubManager()) {
                SequentialBlock reference = SphereFace.build(spec);
                reference.initialize(scratch, ai.djl.ndarray.types.DataType.FLOAT32,
                        new Shape(1, 3, spec.inputHeight(), spec.inputWidth()));
                checkShapes(reference, backbone, "backbone (depth, inputHeight, inputWidth, embeddingSize)",
                        dir.resolve(Manifest.BACKBONE_FILE));
                if (head != null) {
                    ClassifierHead refHead = new ClassifierHead(m.head(), m.numClasses(), spec.embeddingSize());
                    refHead.initialize(scratch, 0);
                    checkShapes(refHead, head, "numClasses / head", dir.resolve(Manifest.HEAD_FILE));
                }
            }
            return new FaceModel(m, backbone, head, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Loads a model and refuses it unless its backbone is the expected one.
     *
     * @throws ModelFormatException naming the first field that differs
     */
    public static FaceModel load(Path dir, BackboneSpec expected) throws IOException {
        Manifest m = readManifest(dir);
        BackboneSpec b = m.backbone();
        checkField("backbone.family", expected.family(), b.family());
        checkField("backbone.depth", expected.depth(), b.depth());
        checkField("backbone.inputHeight", expected.inputHeight(), b.inputHeight());
        checkField("backbone.inputWidth", expected.inputWidth(), b.inputWidth());
        checkField("backbone.embeddingSize", expected.embeddingSize(), b.embeddingSize());
        return load(dir);
    }

    private static void checkField(String field, Object expected, Object actual) throws ModelFormatException {
        if (!expected.equals(actual)) {
            throw new ModelFormatException("model mismatch: manifest field '" + field + "' is " + actual
                    + ", expected " + expected);
        }
    }

    private static String writeParams(Block block, Path file) throws IOException {
        MessageDigest sha = FileDigest.newSha256();
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(new java.security.DigestOutputStream(raw, sha)))) {
            block.saveParameters(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void readParams(Block block, Path dir, String name, Manifest m, NDManager manager)
            throws IOException {
        Path file = verifyFile(dir, name, m);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException | RuntimeException | java.io.EOFException e) {
            throw new ModelFormatException(file + " does not hold the weights that manifest fields 'backbone' and 'head'"
                    + " describe: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /**
     * Checks, without loading anything, that every file the manifest lists is there with the digest it
     * records: a truncated or damaged model directory fails here, naming the file.
     *
     * @throws ModelFormatException naming the first file that is missing, or changed since it was written
     */
    public static Manifest verify(Path dir) throws IOException {
        Manifest m = readManifest(dir);
        for (String name : m.files().keySet()) {
            verifyFile(dir, name, m);
        }
        return m;
    }

    /**
     * Checks that the file {@code name} the manifest lists is in {@code dir} with the digest the
     * manifest records, and returns it.
     *
     * @throws ModelFormatException naming the file when it is missing, or changed since it was written
     */
    public static Path verifyFile(Path dir, String name, Manifest m) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + " is missing (listed in manifest field 'files')");
        }
        String digest = FileDigest.sha256(file);
        String expected = m.files().get(name);
        if (!digest.equals(expected)) {
            throw new ModelFormatException(file + " (" + Files.size(file) + " bytes) has SHA-256 " + digest
                    + " but manifest field 'files." + name + "' says " + expected
                    + ": the file was truncated, changed or damaged since it was written");
        }
        return file;
    }

    private static void checkShapes(Block reference, Block loaded, String fields, Path file)
            throws ModelFormatException {
        Iterator<Pair<String, Parameter>> ref = reference.getParameters().iterator();
        Iterator<Pair<String, Parameter>> got = loaded.getParameters().iterator();
        while (ref.hasNext() && got.hasNext()) {
            Pair<String, Parameter> r = ref.next();
            Pair<String, Parameter> g = got.next();
            Shape expected = r.getValue().getArray().getShape();
            Shape actual = g.getValue().getArray().getShape();
            if (!expected.equals(actual)) {
                throw new ModelFormatException("manifest fields " + fields + " do not match " + file
                        + ": parameter '" + g.getKey() + "' has shape " + actual + ", the manifest implies " + expected);
            }
        }
        if (ref.hasNext() || got.hasNext()) {
            throw new ModelFormatException("manifest fields " + fields + " do not match " + file
                    + ": the number of parameters differs");
        }
    }

    private static String fieldPath(java.util.List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (var ref : path) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        }
        return sb.toString();
    }

    /** Temporary directories are created private; a model directory is as readable as any other. */
    private static void makeReadable(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
