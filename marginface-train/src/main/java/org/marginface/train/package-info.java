/**
 * Training arithmetic: the optimiser (Caffe-form SGD), the learning-rate schedule and one training
 * step of backbone plus head.
 */
package org.marginface.train;
