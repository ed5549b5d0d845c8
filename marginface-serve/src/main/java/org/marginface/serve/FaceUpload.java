package org.marginface.serve;

/**
 * One image of a request as it came: the encoded bytes and, for a raw photo, its five landmarks.
 *
 * @param field the request field it came from, to name it in errors
 * @param bytes the encoded JPEG or PNG
 * @param landmarks {@code x1 y1 … x5 y5}, or {@code null} for an aligned crop or a photo whose face the service detects
 */
public record FaceUpload(String field, byte[] bytes, double[] landmarks) {}
