package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import java.util.List;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * The fragments one task wrote, sent to the driver to be committed together with all other tasks'.
 */
record FragmentsMessage(List<Fragment> fragments) implements WriterCommitMessage {}
