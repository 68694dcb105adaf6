package io.github.lancelot.format;

import java.io.Serializable;

/**
 * The row lineage of a committed fragment (format.md section 22): its row at offset {@code r} has
 * the row id {@code baseRowId + r} and was last changed at {@code defaultRowCommitVersion}, unless
 * it stores its own values ({@link RowLineage}). Both are assigned when the fragment is committed.
 *
 * @param baseRowId the first row id of the range the fragment was given, {@code >= 0}
 * @param defaultRowCommitVersion the version that committed the fragment
 */
public record FragmentLineage(long baseRowId, long defaultRowCommitVersion)
    implements Serializable {}
