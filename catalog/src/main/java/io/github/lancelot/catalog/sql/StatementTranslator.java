package io.github.lancelot.catalog.sql;

import io.github.lancelot.catalog.LanceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.CatalogManager;

/**
 * Translates Lancelot's SQL statements into Spark SQL that means the same: {@code DESCRIBE HISTORY t} and
 * {@code SHOW TAGS t} read the metadata tables {@code t.history} and {@code t.tags}; the others (ADD COLUMN ...
 * VECTOR(n), RESTORE, CREATE/DROP TAG, OPTIMIZE, VACUUM, SHALLOW CLONE) call the catalog's {@code system.*}
 * procedures. Anything else is left to Spark.
 */
final class StatementTranslator {
  private static final Pattern OURS = Pattern.compile(
      "^\\s*(DESC|DESCRIBE)\\s+HISTORY\\b.*|^\\s*ALTER\\s+TABLE\\b.*\\bVECTOR\\s*\\(.*"
          + "|^\\s*RESTORE\\b.*|^\\s*ALTER\\s+TABLE\\b.*\\b(CREATE|DROP)\\s+TAG\\b.*|^\\s*SHOW\\s+TAGS\\b.*"
          + "|^\\s*OPTIMIZE\\b.*|^\\s*VACUUM\\b.*|^\\s*CREATE\\s+TABLE\\b.*\\bSHALLOW\\s+CLONE\\b.*",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private final SparkSession spark;

  StatementTranslator(SparkSession spark) {
    this.spark = spark;
  }

  /** The Spark SQL for {@code sql}, or null if it is not one of Lancelot's statements. */
  String translate(String sql) {
    if (!OURS.matcher(sql).matches()) {
      return null;
    }
    LancelotSqlExtensionsParser.SingleStatementContext statement;
    try {
      statement = parse(sql);
    } catch (ParseCancellationException e) {
      return null;
    }
    try {
      return translate(sql, statement.statement());
    } catch (OtherCatalog e) {
      return null;
    }
  }

  private String translate(String sql, LancelotSqlExtensionsParser.StatementContext s) {
    if (s instanceof LancelotSqlExtensionsParser.DescribeHistoryContext history) {
      String limit = history.limit == null ? "" : " LIMIT " + history.limit.getText();
      TableRef ref = resolve(parts(history.table));
      return "SELECT * FROM " + quoted(List.of(ref.catalog)) + "." + ref.table + ".`history`" + limit;
    }
    if (s instanceof LancelotSqlExtensionsParser.RestoreTableContext restore) {
      TableRef ref = resolve(parts(restore.table));
      String target = restore.version != null
          ? "version => " + literal(restore.version.INTEGER_VALUE() != null
              ? restore.version.getText() : tagName(restore.version.tagName())) + ", timestamp => NULL"
          : "version => NULL, timestamp => TIMESTAMP " + literal(unquoteString(restore.timestamp.getText()));
      return call(ref, "restore", target);
    }
    if (s instanceof LancelotSqlExtensionsParser.CreateTagContext create) {
      TableRef ref = resolve(parts(create.table));
      String version = create.version == null ? "" : ", version => " + create.version.getText();
      return call(ref, "create_tag", "tag => " + literal(tagName(create.tag)) + version);
    }
    if (s instanceof LancelotSqlExtensionsParser.DropTagContext drop) {
      TableRef ref = resolve(parts(drop.table));
      return call(ref, "drop_tag", "tag => " + literal(tagName(drop.tag)) + ", if_exists => " + (drop.EXISTS() != null));
    }
    if (s instanceof LancelotSqlExtensionsParser.ShowTagsContext show) {
      TableRef ref = resolve(parts(show.table));
      return "SELECT * FROM " + quoted(List.of(ref.catalog)) + "." + ref.table + ".`tags` ORDER BY name";
    }
    if (s instanceof LancelotSqlExtensionsParser.OptimizeContext optimize) {
      TableRef ref = resolve(parts(optimize.table));
      String where = optimize.condition == null ? "NULL" : literal(originalText(sql, optimize.condition));
      return call(ref, "compact", "target_rows_per_fragment => NULL, where => " + where);
    }
    if (s instanceof LancelotSqlExtensionsParser.VacuumContext vacuum) {
      TableRef ref = resolve(parts(vacuum.table));
      String olderThan = vacuum.hours == null ? "NULL"
          : "TIMESTAMP_MILLIS(" + (System.currentTimeMillis()
              - (long) (Double.parseDouble(vacuum.hours.getText()) * 3_600_000L)) + ")";
      boolean force = !Boolean.parseBoolean(spark.conf().get(RETENTION_CHECK, "true"));
      return call(ref, "cleanup_old_versions", "older_than => " + olderThan + ", retain_versions => 1, dry_run => "
          + (vacuum.DRY() != null) + ", force => " + force);
    }
    if (s instanceof LancelotSqlExtensionsParser.ShallowCloneContext clone) {
      TableRef target = resolve(parts(clone.target));
      TableRef source = resolve(parts(clone.source));
      if (!target.catalog.equals(source.catalog)) {
        throw new IllegalArgumentException("A shallow clone must be in the catalog of its source, "
            + source.catalog + ", not " + target.catalog);
      }
      String version = clone.version == null ? "NULL" : literal(clone.version.INTEGER_VALUE() != null
          ? clone.version.getText() : tagName(clone.version.tagName()));
      String timestamp = clone.timestamp == null ? "NULL"
          : "TIMESTAMP " + literal(unquoteString(clone.timestamp.getText()));
      return "CALL " + quoted(List.of(target.catalog)) + ".system.shallow_clone(source => " + literal(source.table)
          + ", target => " + literal(target.table) + ", version => " + version + ", timestamp => " + timestamp + ")";
    }
    LancelotSqlExtensionsParser.AddVectorColumnContext add = (LancelotSqlExtensionsParser.AddVectorColumnContext) s;
    TableRef ref = resolve(parts(add.table));
    String elementType = add.elementType == null ? "float" : add.elementType.getText().toLowerCase(Locale.ROOT);
    String comment = add.comment == null ? "NULL" : literal(unquoteString(add.comment.getText()));
    return "CALL " + quoted(List.of(ref.catalog)) + ".system.add_vector_column("
        + "table => " + literal(ref.table) + ", column => " + literal(unquote(add.column.getText()))
        + ", dimension => " + add.dimension.getText() + ", element_type => " + literal(elementType)
        + ", comment => " + comment + ")";
  }

  /** The session setting that, set to false, lets VACUUM retain less than the table's threshold. */
  static final String RETENTION_CHECK = "spark.lancelot.cleanup.retentionCheck.enabled";

  private static String originalText(String sql, org.antlr.v4.runtime.ParserRuleContext ctx) {
    return sql.substring(ctx.start.getStartIndex(), ctx.stop.getStopIndex() + 1);
  }

  private static String call(TableRef ref, String procedure, String arguments) {
    return "CALL " + quoted(List.of(ref.catalog)) + ".system." + procedure + "(table => " + literal(ref.table) + ", "
        + arguments + ")";
  }

  private static String tagName(LancelotSqlExtensionsParser.TagNameContext tag) {
    return tag.STRING() != null ? unquoteString(tag.STRING().getText()) : unquote(tag.getText());
  }

  private static LancelotSqlExtensionsParser.SingleStatementContext parse(String sql) {
    LancelotSqlExtensionsLexer lexer =
        new LancelotSqlExtensionsLexer(new UpperCaseCharStream(CharStreams.fromString(sql)));
    lexer.removeErrorListeners();
    lexer.addErrorListener(THROWING);
    LancelotSqlExtensionsParser parser = new LancelotSqlExtensionsParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(THROWING);
    return parser.singleStatement();
  }

  private static final BaseErrorListener THROWING = new BaseErrorListener() {
    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer, Object symbol, int line, int position, String msg, RecognitionException e) {
      throw new ParseCancellationException(msg);
    }
  };

  /** A table named relative to a catalog: the catalog's name and the table's identifier within it. */
  record TableRef(String catalog, String table) {}

  /**
   * The catalog and identifier of a table the statement names. A table in a catalog that is not a Lancelot
   * catalog is left to Spark and the other session extensions, such as Delta Lake's own RESTORE or VACUUM.
   */
  private TableRef resolve(List<String> parts) {
    CatalogManager catalogs = spark.sessionState().catalogManager();
    TableRef ref;
    if (parts.size() > 1 && catalogs.isCatalogRegistered(parts.get(0))) {
      ref = new TableRef(parts.get(0), quoted(parts.subList(1, parts.size())));
    } else {
      List<String> full = new ArrayList<>();
      if (parts.size() == 1) {
        full.addAll(List.of(catalogs.currentNamespace()));
      }
      full.addAll(parts);
      ref = new TableRef(catalogs.currentCatalog().name(), quoted(full));
    }
    if (!(catalogs.catalog(ref.catalog) instanceof LanceCatalog)) {
      throw new OtherCatalog();
    }
    return ref;
  }

  /** Thrown when a statement names a table outside Lancelot's catalogs. */
  private static final class OtherCatalog extends RuntimeException {
    OtherCatalog() {
      super(null, null, false, false);
    }
  }

  private static List<String> parts(LancelotSqlExtensionsParser.MultipartIdentifierContext ctx) {
    return ctx.parts.stream().map(p -> unquote(p.getText())).toList();
  }

  private static String unquote(String identifier) {
    if (identifier.startsWith("`") && identifier.endsWith("`")) {
      return identifier.substring(1, identifier.length() - 1).replace("``", "`");
    }
    return identifier;
  }

  private static String unquoteString(String literal) {
    String body = literal.substring(1, literal.length() - 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        out.append(body.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String quoted(List<String> parts) {
    return String.join(".", parts.stream().map(p -> "`" + p.replace("`", "``") + "`").toList());
  }

  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
