package io.github.lancelot.catalog;

import static io.github.lancelot.catalog.PlannedProcedureCalls.procedureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.catalog.sql.LanceSqlParser;
import io.github.lancelot.testing.AcrossLines;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.Test;

/**
 * Lancelot's statements share their words with Delta Lake's and Iceberg's (RESTORE, VACUUM,
 * OPTIMIZE, DESCRIBE HISTORY). With several extensions in one session, Lancelot plans a statement
 * only when its table is in a Lancelot catalog, and passes every other statement unchanged to the
 * parser it wraps.
 */
@AcrossLines
class TestStatementsBesideOtherExtensions extends CatalogTestBase {
  private final List<String> passedOn = new ArrayList<>();

  private LanceSqlParser parserWrappingARecorder() {
    ParserInterface recorder =
        (ParserInterface)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ParserInterface.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("parsePlan")) {
                    passedOn.add((String) args[0]);
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new LanceSqlParser(spark, recorder);
  }

  @Test
  void statementsOnTablesOfOtherCatalogsReachTheWrappedParserUnchanged() throws Exception {
    LanceSqlParser parser = parserWrappingARecorder();
    List<String> others =
        List.of(
            "RESTORE TABLE spark_catalog.default.events TO VERSION AS OF 0",
            "VACUUM spark_catalog.default.events RETAIN 168 HOURS",
            "OPTIMIZE spark_catalog.default.events WHERE day = '2026-11-26'",
            "DESCRIBE HISTORY spark_catalog.default.events",
            "RESTORE TABLE events TO VERSION AS OF 3");
    for (String statement : others) {
      parser.parsePlan(statement);
    }
    assertThat(passedOn).containsExactlyElementsOf(others);
  }

  @Test
  void statementsOnLancelotTablesBecomeProcedureCallsWithoutReachingTheWrappedParser()
      throws Exception {
    LanceSqlParser parser = parserWrappingARecorder();
    LogicalPlan restore = parser.parsePlan("RESTORE TABLE " + t("events") + " TO VERSION AS OF 2");
    sql("USE %s.db", catalog);
    LogicalPlan vacuum = parser.parsePlan("VACUUM events DRY RUN");
    assertThat(passedOn).isEmpty();
    assertThat(procedureOf(restore)).containsExactly(catalog, "system", "restore");
    assertThat(procedureOf(vacuum)).containsExactly(catalog, "system", "cleanup_old_versions");
  }

  @Test
  void aStatementOnANonLancelotTableFailsAsSparkWouldWithoutLancelot() {
    sql("CREATE TABLE spark_catalog.default.plain (id BIGINT) USING parquet");
    try {
      assertThatThrownBy(() -> sql("RESTORE TABLE spark_catalog.default.plain TO VERSION AS OF 0"))
          .hasMessageContaining("RESTORE");
    } finally {
      sql("DROP TABLE spark_catalog.default.plain");
    }
  }

  @Test
  void everyOtherParserMethodIsThatOfTheWrappedParser() throws Exception {
    List<String> reached = new ArrayList<>();
    ParserInterface recorder =
        (ParserInterface)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ParserInterface.class},
                (proxy, method, args) -> {
                  reached.add(method.getName() + "(" + args[0] + ")");
                  return null;
                });
    LanceSqlParser parser = new LanceSqlParser(spark, recorder);
    List<String> expected = new ArrayList<>();
    for (Method method : ParserInterface.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Class<?> declaring =
          LanceSqlParser.class
              .getMethod(method.getName(), method.getParameterTypes())
              .getDeclaringClass();
      assertThat(declaring.isInterface())
          .as(method.getName() + " is Lancelot's, not a default of Spark's interface")
          .isFalse();
      if (method.getParameterCount() != 1) {
        continue; // parameterized parsing (Spark 4.1 and later) has its own tests
      }
      method.invoke(parser, "x");
      expected.add(method.getName() + "(x)");
    }
    assertThat(reached).containsExactlyElementsOf(expected);
  }
}
