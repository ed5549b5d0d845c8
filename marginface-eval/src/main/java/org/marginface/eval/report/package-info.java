/**
 * {@code marginface report}: reads training runs and their evaluation files and writes the HTML
 * report, the comparison of runs and the tables over runs and seeds.
 */
package org.marginface.eval.report;
