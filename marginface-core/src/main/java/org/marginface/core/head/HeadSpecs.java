package org.marginface.core.head;

import java.util.Locale;
import java.util.Map;

/** Builds head specs from names and parameter maps, as they come from a config file or the command line. */
public final class HeadSpecs {

    private HeadSpecs() {}

    /**
     * @param type softmax, normface, sphereface (alias asoftmax), amsoftmax (alias cosface), arcface, combined
     * @param p the head's parameters by name; missing ones take the defaults of the head
     */
    public static HeadSpec of(String type, Map<String, Object> p) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "softmax":
                return new HeadSpec.Softmax();
            case "normface":
                return new HeadSpec.NormFace(num(p, "s", 30));
            case "sphereface":
            case "asoftmax":
                HeadSpec.SphereFace d = HeadSpec.SphereFace.defaults();
                return new HeadSpec.SphereFace((int) num(p, "m", d.m()), num(p, "base", d.base()),
                        num(p, "gamma", d.gamma()), num(p, "power", d.power()), num(p, "lambdaMin", d.lambdaMin()));
            case "amsoftmax":
            case "cosface":
                return new HeadSpec.AmSoftmax(num(p, "s", 30), num(p, "m", 0.35),
                        bool(p, "normalizeFeatures", true), (long) num(p, "marginRampStart", 0),
                        (long) num(p, "marginRampIterations", 0));
            case "arcface":
                return new HeadSpec.ArcFace(num(p, "s", 30), num(p, "m", 0.5));
            case "combined":
                return new HeadSpec.CombinedMargin(num(p, "s", 30), num(p, "m1", 1), num(p, "m2", 0), num(p, "m3", 0));
            default:
                throw new IllegalArgumentException("head.type: unknown head '" + type
                        + "' (known: softmax, normface, sphereface, amsoftmax, arcface, combined)");
        }
    }

    private static double num(Map<String, Object> p, String key, double fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("head." + key + ": expected a number, got '" + v + "'", e);
        }
    }

    private static boolean bool(Map<String, Object> p, String key, boolean fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("head." + key + ": expected true or false, got '" + v + "'");
    }
}
