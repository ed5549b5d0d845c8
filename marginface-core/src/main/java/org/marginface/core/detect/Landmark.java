package org.marginface.core.detect;

/** A landmark in an image's pixel coordinates (0-based pixel centres). */
public record Landmark(double x, double y) {}
