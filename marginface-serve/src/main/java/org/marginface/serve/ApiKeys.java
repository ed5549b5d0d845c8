package org.marginface.serve;

import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two roles and their keys. Only SHA-256 digests of the keys are kept, compared in constant
 * time, so that neither a heap dump nor a timing probe gives a key away.
 */
public final class ApiKeys {

    /** What a key may do; the roles of Javalin's routes. */
    public enum Role implements RouteRole {
        /** embed, verify, identify, metrics */
        CLIENT,
        /** everything a client may, and change and read the gallery */
        ADMIN;

        public boolean allows(Role needed) {
            return this == ADMIN || needed == CLIENT;
        }
    }

    private record Entry(byte[] digest, Role role) {}

    private final List<Entry> entries = new ArrayList<>();

    public ApiKeys(List<String> adminKeys, List<String> clientKeys) {
        adminKeys.forEach(k -> entries.add(new Entry(digest(k), Role.ADMIN)));
        clientKeys.forEach(k -> entries.add(new Entry(digest(k), Role.CLIENT)));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The role of a presented key, or empty when it is no key of ours. */
    public Optional<Role> roleOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] d = digest(presented);
        Role found = null;
        for (Entry e : entries) {
            // no early exit: every entry is compared whatever matched (a key has one role: ServiceConfig)
            if (MessageDigest.isEqual(e.digest, d)) {
                found = e.role;
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
