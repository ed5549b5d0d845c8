/**
 * Training runs: the run directory, checkpoints and resume, the metrics log and curves, the run's
 * log and progress, stop requests, and the evaluation hook called during training.
 */
package org.marginface.train.run;
