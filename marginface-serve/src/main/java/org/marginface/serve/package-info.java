/**
 * The face service: the HTTP API (Javalin), API keys, the Lucene face gallery, dynamic batching of
 * embedding requests, detection and alignment of uploaded photos, its configuration and metrics.
 */
package org.marginface.serve;
