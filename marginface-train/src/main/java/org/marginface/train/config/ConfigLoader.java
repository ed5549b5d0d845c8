package org.marginface.train.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads experiment configs: the built-in defaults, the YAML file merged over them, {@code --set
 * a.b=value} overrides applied to the tree, environment variables expanded, then bound strictly to
 * {@link ExperimentConfig}. Every error names the key (and the file).
 */
public final class ConfigLoader {

    /** The variable that locates the shared face data; relative to the working directory by default. */
    public static final String DATA_VARIABLE = "MARGINFACE_DATA";
    static final String DATA_DEFAULT = "../shared/data";

    private static final Pattern LEADING_KEY = Pattern.compile("([A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)+)[:\\s\\[]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    /** Keys holding paths, made absolute so that a run can be resumed from another directory. */
    private static final List<String> PATH_KEYS = List.of("data.root", "data.list", "evaluation.lfw");

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // a key written twice is a mistake (YAML says keys are unique), not "the last one wins"
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Function<String, String> environment;

    /** A loader that reads the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** A loader with its own environment (for tests). */
    public ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    /** A config and the fully resolved tree it was bound from (written to the run directory). */
    public record Loaded(ExperimentConfig config, ObjectNode tree) {}

    /** Loads a config file with overrides of the form {@code key.path=value}. */
    public Loaded load(Path file, List<String> overrides) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("config file " + file + " does not exist");
        }
        JsonNode own;
        try (InputStream in = Files.newInputStream(file)) {
            own = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(yamlError(file, e), e);
        }
        if (own == null || own.isMissingNode() || own.isNull()) {
            own = YAML.createObjectNode();
        }
        if (!own.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping of sections at the top level");
        }
        ObjectNode tree = defaults();
        mergeInto(tree, (ObjectNode) own);
        for (String override : overrides) {
            applyOverride(tree, override);
        }
        expandVariables(tree, "");
        absolutePaths(tree);
        return new Loaded(bind(tree, file.toString(), overrides), tree);
    }

    /** Reads a resolved config written by {@link #write} (a run directory's {@code config.yaml}). */
    public Loaded loadResolved(Path file) throws IOException {
        return load(file, List.of());
    }

    /**
     * A resolved tree stored by an earlier run (a checkpoint's manifest), merged over today's defaults
     * and resolved as {@link #load} resolves a file: keys added since it was written take their
     * defaults, so that it compares key by key with today's reading of the run's {@code config.yaml}.
     */
    public ObjectNode overDefaults(JsonNode stored) {
        ObjectNode tree = defaults();
        if (stored instanceof ObjectNode own) {
            mergeInto(tree, own.deepCopy());
        }
        expandVariables(tree, "");
        absolutePaths(tree);
        return tree;
    }

    /** Reads a YAML file as a tree, as written by {@link #toYaml}. */
    public static JsonNode readTree(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return YAML.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(yamlError(file, e), e);
        }
    }

    /** Writes a resolved tree as YAML. */
    public static String toYaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in config defaults cannot be read", e);
        }
    }

    /** Merges {@code own} over {@code base}; the head section is replaced whole, since its keys depend on its type. */
    private static void mergeInto(ObjectNode base, ObjectNode own) {
        for (Iterator<Map.Entry<String, JsonNode>> it = own.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode section && e.getValue() instanceof ObjectNode ownSection
                    && !e.getKey().equals("head")) {
                mergeInto(section, ownSection);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void applyOverride(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set " + override + ": expected key=value, e.g. optimizer.lr=0.05");
        }
        String key = override.substring(0, eq).trim();
        String text = override.substring(eq + 1);
        String[] parts = key.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode section)) {
                String prefix = String.join(".", List.of(parts).subList(0, i + 1));
                throw new IllegalArgumentException("--set " + key + ": " + prefix
                        + (child == null ? " is not a config section" : " is a value, not a section"));
            }
            node = section;
        }
        JsonNode value;
        try {
            // a value is read as YAML, so 0.05 is a number, true a boolean and [1, 2] a list
            value = text.isEmpty() ? TextNode.valueOf("") : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            value = TextNode.valueOf(text);
        }
        node.set(parts[parts.length - 1], value == null || value.isMissingNode() ? TextNode.valueOf(text) : value);
    }

    private void expandVariables(ObjectNode node, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue() instanceof ObjectNode child) {
                expandVariables(child, key + ".");
            } else if (e.getValue().isTextual()) {
                e.setValue(TextNode.valueOf(expand(key, e.getValue().asText())));
            }
        }
    }

    /** Replaces {@code ${NAME}} and {@code ${NAME:-fallback}} with the environment's value. */
    String expand(String key, String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                value = m.group(2) != null ? m.group(2) : name.equals(DATA_VARIABLE) ? DATA_DEFAULT : null;
            }
            if (value == null) {
                throw new IllegalArgumentException(key + ": environment variable " + name
                        + " is not set (set it, or give the key with --set " + key + "=...)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void absolutePaths(ObjectNode tree) {
        for (String key : PATH_KEYS) {
            String[] parts = key.split("\\.");
            if (tree.get(parts[0]) instanceof ObjectNode section && section.get(parts[1]) != null
                    && section.get(parts[1]).isTextual() && !section.get(parts[1]).asText().isBlank()) {
                String path = section.get(parts[1]).asText();
                section.put(parts[1], Path.of(path).toAbsolutePath().normalize().toString());
            }
        }
    }

    /** A YAML syntax error, with its line and, where the parser knows it, the key it was reading. */
    private static String yamlError(Path file, JsonProcessingException e) {
        String where = file + (e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? " line " + e.getLocation().getLineNr() : "");
        String key = "";
        if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
            key = parser.getParsingContext().pathAsPointer().toString().replaceFirst("^/", "").replace('/', '.');
        }
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field")) {
            return where + ": key '" + key + "' is given twice (a key may appear once in a mapping)";
        }
        if (message.startsWith("Malformed numeric value")) {
            return where + ": key '" + key + "': " + message.substring("Malformed numeric value ".length())
                    + " is not a finite number";
        }
        return where + ": not valid YAML" + (key.isEmpty() ? "" : " (at key '" + key + "')") + ": " + message;
    }

    /**
     * Binds the tree; an error names the key and blames the {@code --set} that gave it, or else the file.
     */
    private static ExperimentConfig bind(JsonNode tree, String file, List<String> overrides) {
        try {
            return YAML.treeToValue(tree, ExperimentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String key = keyPath(e);
            throw new IllegalArgumentException(source(key, file, overrides) + ": unknown key '" + key + "'", e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage();
            Matcher named = LEADING_KEY.matcher(message);
            // the records' checks start their messages with the key ("head.sampleRate: ..." or "head.sampleRate must ...")
            String key = named.lookingAt() ? named.group(1) : keyPath(e);
            throw new IllegalArgumentException(source(key, file, overrides) + ": " + message, e);
        } catch (MismatchedInputException e) {
            // InvalidFormatException too: say what was found at the key, in the config's own words
            String key = keyPath(e);
            throw new IllegalArgumentException(source(key, file, overrides) + ": key '" + key + "' expects "
                    + describe(e.getTargetType()) + ", got " + describeValue(tree.at("/" + key.replace('.', '/'))), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The {@code --set} that gave {@code key} (the last one, as it wins), or the file. */
    private static String source(String key, String file, List<String> overrides) {
        for (int i = overrides.size() - 1; i >= 0; i--) {
            String o = overrides.get(i);
            int eq = o.indexOf('=');
            String setKey = eq > 0 ? o.substring(0, eq).trim() : o;
            if (!key.isEmpty() && (key.equals(setKey) || key.startsWith(setKey + "."))) {
                return "--set " + o;
            }
        }
        return file;
    }

    private static String describeValue(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "nothing";
        }
        if (value.isArray()) {
            return "a list " + value;
        }
        if (value.isObject()) {
            return "a section " + value;
        }
        if (value.isTextual()) {
            return "the text '" + value.asText() + "'";
        }
        return value.isNumber() ? "the number " + value : value.isBoolean() ? value.toString() : "'" + value.asText() + "'";
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a section";
    }

    private static String keyPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
