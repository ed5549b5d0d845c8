/**
 * Training data: the dataset of an identity-per-folder tree, its labels, the scan that lists
 * unreadable files, the seeded sample order and the batch pipeline that decodes ahead of the step.
 */
package org.marginface.train.data;
