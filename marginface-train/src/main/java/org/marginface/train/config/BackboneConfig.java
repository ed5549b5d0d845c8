package org.marginface.train.config;

import org.marginface.core.backbone.BackboneSpec;

/** The network: a name such as {@code sphereface20}, the input size it takes and its embedding size. */
public record BackboneConfig(String name, int inputHeight, int inputWidth, int embeddingSize) {

    public BackboneConfig {
        Checks.notNull("backbone.name", name);
        spec(name, inputHeight, inputWidth, embeddingSize);
    }

    public BackboneSpec spec() {
        return spec(name, inputHeight, inputWidth, embeddingSize);
    }

    private static BackboneSpec spec(String name, int inputHeight, int inputWidth, int embeddingSize) {
        try {
            return BackboneSpec.parse(name, inputHeight, inputWidth, embeddingSize);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message.startsWith("backbone") ? message : "backbone.name: " + message, e);
        }
    }
}
