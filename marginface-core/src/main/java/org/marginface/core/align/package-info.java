/**
 * Five-point face alignment: landmarks and landmark files, the crop templates (112x96, 112x112), the
 * least-squares similarity transform, the aligner that resamples one crop, and the jobs that align a
 * tree of images from a landmark file or from detected faces ({@link org.marginface.core.align.AlignJob}).
 */
package org.marginface.core.align;
