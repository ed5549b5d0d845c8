/**
 * The embedding networks: SphereFace-4/10/20/36/64 built as DJL blocks, their description in a
 * manifest ({@link org.marginface.core.backbone.BackboneSpec}) and the per-channel PReLU they use.
 */
package org.marginface.core.backbone;
