/**
 * Exporting a marginface backbone as an ONNX graph, with the metadata (input size, normalisation,
 * version) taken from its manifest.
 */
package org.marginface.core.export;
