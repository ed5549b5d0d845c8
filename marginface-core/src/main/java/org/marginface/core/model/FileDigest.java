package org.marginface.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of files, in lower-case hex: the identity of model weights, imported graphs, detector
 * weights and cached images throughout marginface.
 */
public final class FileDigest {

    private FileDigest() {}

    /** The SHA-256 of the file's bytes, in hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** A fresh SHA-256 digest, for data that is not a file (weights as they are written, settings). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
