/**
 * Reading and writing face images, and the listing of an image tree.
 */
package org.marginface.core.image;
