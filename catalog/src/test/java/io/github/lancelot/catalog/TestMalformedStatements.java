package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.lancelot.testing.AcrossLines;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.junit.jupiter.api.Test;

/**
 * A statement neither Lancelot's grammar nor Spark's parser accepts is reported by the parser that
 * got further into it: a Lancelot statement with a mistake gets a syntax error at the mistake, any
 * other statement Spark's error.
 */
@AcrossLines
class TestMalformedStatements extends CatalogTestBase {

  private ParseException parseError(String statement) {
    return catchThrowableOfType(ParseException.class, () -> spark.sql(statement));
  }

  private static String at(int line, int position) {
    return "(line " + line + ", pos " + position + ")";
  }

  @Test
  void aMissingVersionIsReportedAtTheEndOfTheStatement() {
    String statement = "RESTORE TABLE " + t("q") + " TO VERSION AS OF";
    ParseException error = parseError(statement);
    assertThat(error.getMessage())
        .contains("[PARSE_SYNTAX_ERROR]")
        .contains("Syntax error at or near end of input")
        .contains(at(1, statement.length()))
        .contains(statement);
  }

  @Test
  void aWordWhereANumberBelongsIsReportedAtTheWord() {
    String statement = "VACUUM " + t("q") + " RETAIN x HOURS";
    ParseException error = parseError(statement);
    assertThat(error.getMessage())
        .contains("Syntax error at or near 'x'")
        .contains(at(1, statement.indexOf(" x ") + 1));
  }

  @Test
  void mistakesOnLaterLinesAreReportedWithTheirLine() {
    String secondLine = "  ADD COLUMN v VECTOR(3) OF INT";
    ParseException error = parseError("ALTER TABLE " + t("q") + "\n" + secondLine);
    assertThat(error.getMessage())
        .contains("Syntax error at or near 'INT'")
        .contains(at(2, secondLine.indexOf("INT")));
    error = parseError("DESCRIBE HISTORY " + t("q") + "\nLIMIT ten");
    assertThat(error.getMessage()).contains("'ten'").contains(at(2, 6));
    error = parseError("ALTER TABLE " + t("q") + " CREATE TAG");
    assertThat(error.getMessage()).contains("end of input");
    error = parseError("OPTIMIZE");
    assertThat(error.getMessage())
        .contains("Syntax error at or near end of input")
        .contains(at(1, 8));
  }

  @Test
  void otherStatementsKeepSparksErrors() {
    ParseException error = parseError("SELEC 1");
    assertThat(error.getMessage()).contains("'SELEC'").contains(at(1, 0));
    error = parseError("SELECT * FROM " + t("q") + " WHERE id =");
    assertThat(error.getMessage()).contains("end of input");
  }
}
