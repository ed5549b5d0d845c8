/**
 * Loading any model directory for embedding: an imported ONNX graph on ONNX Runtime, a marginface
 * backbone on libtorch or on ONNX Runtime through its in-memory export.
 */
package org.marginface.core.inference;
