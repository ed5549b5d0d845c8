/**
 * The data packs the face-recognition field distributes: MXNet's RecordIO ({@code .rec} + {@code .idx})
 * with insightface's record layout. Reading and writing only; the training source is in
 * {@code marginface-train}, the {@code .bin} verification sets in {@code marginface-eval}.
 */
package org.marginface.core.pack;
