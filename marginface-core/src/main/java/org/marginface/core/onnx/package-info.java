/**
 * Imported ONNX face embedders: importing a graph into a model directory, its ONNX Runtime sessions
 * and the embedder that runs it.
 */
package org.marginface.core.onnx;
