/**
 * The classification heads (losses) used in training: one {@link org.marginface.core.head.HeadSpec}
 * record per head with its name, defaults and logits, the arithmetic they share
 * ({@link org.marginface.core.head.Margins}), the trainable block, and class sampling ("partial FC").
 */
package org.marginface.core.head;
