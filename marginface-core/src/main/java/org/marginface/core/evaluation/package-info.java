/** The contract between the training loop and the evaluations it runs as it trains. */
package org.marginface.core.evaluation;
