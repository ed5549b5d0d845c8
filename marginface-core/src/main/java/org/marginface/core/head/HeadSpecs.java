package org.marginface.core.head;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The heads by name: the records permitted by the sealed {@link HeadSpec}, each named by its
 * {@link HeadName}. Builds specs from names and parameter maps (configs, the command line) and names
 * them in manifests.
 */
public final class HeadSpecs {

    /** Every accepted name (aliases included), lower case, to its record. */
    private static final Map<String, Class<? extends HeadSpec>> BY_NAME;
    /** The written name of each record, in declaration order. */
    private static final Map<Class<?>, String> NAMES;

    static {
        Map<String, Class<? extends HeadSpec>> byName = new LinkedHashMap<>();
        Map<Class<?>, String> names = new LinkedHashMap<>();
        for (Class<?> permitted : HeadSpec.class.getPermittedSubclasses()) {
            HeadName name = permitted.getAnnotation(HeadName.class);
            if (name == null) {
                throw new IllegalStateException(permitted.getName() + " has no @HeadName");
            }
            Class<? extends HeadSpec> head = permitted.asSubclass(HeadSpec.class);
            names.put(head, name.value());
            byName.put(name.value().toLowerCase(Locale.ROOT), head);
            for (String alias : name.aliases()) {
                byName.put(alias.toLowerCase(Locale.ROOT), head);
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
        NAMES = Collections.unmodifiableMap(names);
    }

    private HeadSpecs() {}

    /** The names written to manifests, one per head, in declaration order. */
    public static List<String> names() {
        return List.copyOf(NAMES.values());
    }

    /** The name of a head's record. */
    static String nameOf(Class<?> head) {
        String name = NAMES.get(head);
        if (name == null) {
            throw new IllegalArgumentException(head.getName() + " is not a head");
        }
        return name;
    }

    /**
     * @param type a head's name or alias (case-insensitive): see {@link #names()}
     * @param p the head's parameters by name; missing ones take the defaults of the head
     */
    public static HeadSpec of(String type, Map<String, Object> p) {
        Class<? extends HeadSpec> head = BY_NAME.get(type.toLowerCase(Locale.ROOT));
        if (head == null) {
            throw new IllegalArgumentException(
                    "head.type: unknown head '" + type + "' (known: " + String.join(", ", names()) + ")");
        }
        try {
            Constructor<? extends HeadSpec> fromParams = head.getDeclaredConstructor(HeadParams.class);
            return fromParams.newInstance(new HeadParams(p));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(head.getName() + " needs a constructor taking HeadParams", e);
        }
    }

    /** Writes and reads {@code type} in a head's JSON from the records' {@link HeadName}s. */
    static final class TypeIds extends TypeIdResolverBase {

        @Override
        public String idFromValue(Object value) {
            return nameOf(value.getClass());
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> suggestedType) {
            return value == null ? nameOf(suggestedType) : nameOf(value.getClass());
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id) {
            Class<? extends HeadSpec> head = BY_NAME.get(id.toLowerCase(Locale.ROOT));
            return head == null ? null : context.constructType(head);
        }

        @Override
        public String getDescForKnownTypeIds() {
            return String.join(", ", names());
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }
}
