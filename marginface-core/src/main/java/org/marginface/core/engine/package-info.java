/**
 * Starting the deep-learning engine (DJL with PyTorch) the same way everywhere.
 */
package org.marginface.core.engine;
