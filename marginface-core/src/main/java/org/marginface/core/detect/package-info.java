/**
 * MTCNN face detection: the three networks read from Caffe models, the candidate search and its
 * non-maximum suppression, the detected faces (box, score, five landmarks), the choice of a photo's
 * main face, and their JSON and drawn forms.
 */
package org.marginface.core.detect;
