/** Evaluations run during training (LFW, {@code .bin} sets), implementing core's {@code Evaluator}. */
package org.marginface.eval.training;
