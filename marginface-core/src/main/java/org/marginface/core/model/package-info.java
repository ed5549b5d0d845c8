/**
 * Model directories: the manifest, the model (backbone and optional head) it describes, loading
 * with digest and shape checks, atomic saving, and the code version recorded in them.
 */
package org.marginface.core.model;
