/**
 * Loading any model directory for embedding, on the runtime its manifest calls for (libtorch for a
 * marginface backbone, ONNX Runtime for an imported graph).
 */
package org.marginface.core.inference;
