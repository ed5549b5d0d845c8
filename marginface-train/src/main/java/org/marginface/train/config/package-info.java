/**
 * Experiment configs: the YAML sections as records, their defaults and checks (each error names its
 * key), and the loader with {@code --set} overrides and environment variables.
 */
package org.marginface.train.config;
