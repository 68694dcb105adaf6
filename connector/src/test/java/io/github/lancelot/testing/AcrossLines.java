package io.github.lancelot.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class of the suite that runs on every Spark line: the tests of what goes through a
 * class that differs between lines (the SQL parser, procedures, row-level operations, schema
 * evolution, vector functions, change feed and streaming relations, Arrow and Hadoop versions, S3
 * commits) and the walkthrough. The default line runs every test; the other lines run only these
 * ({@code -Dlancelot.tests.groups=} runs every test on them too).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(AcrossLines.TAG)
public @interface AcrossLines {
  String TAG = "across-lines";
}
