/**
 * The {@code marginface} command: one picocli subcommand per verb, each reading its options and
 * printing what the library modules do; the work itself lives in those modules.
 */
package org.marginface.cli;
