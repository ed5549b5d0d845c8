package org.marginface.spark;

import java.io.Serializable;

/**
 * One image of an embedding job, as shipped to the executors.
 *
 * @param file     where an executor reads it (an absolute path on a filesystem every executor sees)
 * @param path     the name it has in the output: relative to the directory walked or as written in
 *                 the list file, exactly as {@code marginface embed} writes it in its {@code .paths}
 * @param identity whose face it is: the name of the folder that holds the image
 */
public record ImageRef(String file, String path, String identity) implements Serializable {

    private static final long serialVersionUID = 1L;
}
