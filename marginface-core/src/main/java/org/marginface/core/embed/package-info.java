/**
 * From aligned crops to embeddings: the embedder (mirror fusion, batching), the model's input
 * translation, the embedding cache and writers (.npy), and the vector arithmetic every module shares
 * ({@link org.marginface.core.embed.Vectors}).
 */
package org.marginface.core.embed;
