/**
 * Training data: datasets from an identity-folder tree, a list file or an insightface RecordIO pack,
 * their dense labels, the scan before training that skips and lists unreadable and wrong-size images
 * and unusable links, decoding to the backbone's input (crop, resize bounds), augmentations, the seeded
 * sample order and the batch pipeline that decodes ahead of the step.
 */
package org.marginface.train.data;
