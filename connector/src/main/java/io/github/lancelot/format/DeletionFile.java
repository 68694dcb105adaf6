package io.github.lancelot.format;

import java.io.Serializable;

/**
 * A fragment's deletion vector: a RoaringBitmap (portable serialization) of the row offsets that
 * are deleted.
 *
 * @param path location relative to the table folder (or an absolute URI)
 * @param cardinality how many rows it deletes
 * @param sizeInBytes the file's length
 */
public record DeletionFile(String path, long cardinality, long sizeInBytes)
    implements Serializable {}
