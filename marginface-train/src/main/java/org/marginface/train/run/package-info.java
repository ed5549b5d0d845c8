/**
 * Training runs and their directories: starting and resuming a run (the run lock, the config changes
 * a resume may follow, checkpoints that verify), the model a config trains, the metrics log, curves,
 * train.log and progress bar, stop requests on SIGTERM, and the input pipeline benchmark
 * ({@code train-bench}). Evaluation during training comes in through core's
 * {@link org.marginface.core.evaluation.Evaluator}.
 */
package org.marginface.train.run;
