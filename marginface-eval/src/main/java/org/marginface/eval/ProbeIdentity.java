package org.marginface.eval;

import java.util.List;

/**
 * One probe identity of the identification protocol: two or more features of the same person.
 *
 * @param name     the identity, for messages
 * @param features one feature per image
 */
public record ProbeIdentity(String name, List<float[]> features) {

    public ProbeIdentity {
        features = List.copyOf(features);
        if (features.size() < 2) {
            throw new IllegalArgumentException("probe identity " + name + " has " + features.size()
                    + " image(s); the protocol needs at least two");
        }
    }
}
