/**
 * Spark jobs: embedding an image listing into Parquet on the executors, and distributed
 * identification scoring probes against distractors with the evaluation module's rows and scores.
 */
package org.marginface.spark;
