package io.github.lancelot.catalog.sql;

import io.github.lancelot.catalog.CatalogErrors;
import io.github.lancelot.catalog.procedures.AddVectorColumnProcedure;
import io.github.lancelot.catalog.procedures.CleanupProcedure;
import io.github.lancelot.catalog.procedures.CompactProcedure;
import io.github.lancelot.catalog.procedures.CreateTagProcedure;
import io.github.lancelot.catalog.procedures.CreateVectorIndexProcedure;
import io.github.lancelot.catalog.procedures.DropTagProcedure;
import io.github.lancelot.catalog.procedures.DropVectorIndexProcedure;
import io.github.lancelot.catalog.procedures.RestoreProcedure;
import io.github.lancelot.catalog.procedures.ShallowCloneProcedure;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.AddVectorColumnContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.CallArgumentContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.CallContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.CreateTagContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.CreateVectorIndexContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.DescribeHistoryContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.DropTagContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.DropVectorIndexContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.IndexOptionContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.MultipartIdentifierContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.OptimizeContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.RestoreTableContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.ShallowCloneContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.ShowTagsContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.SingleStatementContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.TagNameContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.VacuumContext;
import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.VersionSpecContext;
import io.github.lancelot.catalog.sql.ProcedureCall.Argument;
import io.github.lancelot.format.index.IvfOptions;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.parser.ParserUtils;
import org.apache.spark.sql.types.DataTypes;
import scala.Option;

/**
 * Builds the {@link LancelotStatement} a parse tree of {@code LancelotSqlExtensions.g4} stands for,
 * with its table names resolved in the session and its values as literals. VACUUM's retention
 * becomes a point in time here, at parse time, as does the session's choice to skip the retention
 * check.
 */
final class StatementBuilder extends LancelotSqlExtensionsBaseVisitor<LancelotStatement> {
  /** The session setting that, set to false, lets VACUUM retain less than the table's threshold. */
  static final String RETENTION_CHECK = "spark.lancelot.cleanup.retentionCheck.enabled";

  private final SparkSession spark;
  private final SessionTables tables;
  private final ParserInterface expressions;

  /** {@code expressions} parses the values of CALL's arguments: Spark's own expression parser. */
  StatementBuilder(SparkSession spark, SessionTables tables, ParserInterface expressions) {
    this.spark = spark;
    this.tables = tables;
    this.expressions = expressions;
  }

  LancelotStatement build(SingleStatementContext tree) {
    return visit(tree.statement());
  }

  @Override
  public LancelotStatement visitDescribeHistory(DescribeHistoryContext ctx) {
    OptionalInt limit =
        ctx.limit == null ? OptionalInt.empty() : OptionalInt.of(intValue(ctx.limit, "LIMIT"));
    return new MetadataTableQuery(table(ctx.table), "history", Optional.empty(), limit);
  }

  @Override
  public LancelotStatement visitShowTags(ShowTagsContext ctx) {
    return new MetadataTableQuery(
        table(ctx.table), "tags", Optional.of("name"), OptionalInt.empty());
  }

  @Override
  public LancelotStatement visitAddVectorColumn(AddVectorColumnContext ctx) {
    TableName table = table(ctx.table);
    List<Argument> args =
        new ArrayList<>(
            List.of(
                tableArgument(table),
                new Argument("column", string(identifier(ctx.column))),
                new Argument(
                    "dimension",
                    Literal.create(
                        intValue(ctx.dimension, "VECTOR dimension"), DataTypes.IntegerType))));
    if (ctx.elementType != null) {
      args.add(
          new Argument("element_type", string(ctx.elementType.getText().toLowerCase(Locale.ROOT))));
    }
    if (ctx.comment != null) {
      args.add(new Argument("comment", string(ParserUtils.string(ctx.comment))));
    }
    return call(table, AddVectorColumnProcedure.NAME, args);
  }

  @Override
  public LancelotStatement visitRestoreTable(RestoreTableContext ctx) {
    TableName table = table(ctx.table);
    return call(
        table,
        RestoreProcedure.NAME,
        List.of(tableArgument(table), versionOrTimestamp(ctx.version, ctx.timestamp)));
  }

  @Override
  public LancelotStatement visitCreateTag(CreateTagContext ctx) {
    TableName table = table(ctx.table);
    List<Argument> args =
        new ArrayList<>(
            List.of(tableArgument(table), new Argument("tag", string(tagName(ctx.tag)))));
    if (ctx.version != null) {
      args.add(
          new Argument(
              "version", Literal.create(longValue(ctx.version, "VERSION"), DataTypes.LongType)));
    }
    return call(table, CreateTagProcedure.NAME, args);
  }

  @Override
  public LancelotStatement visitDropTag(DropTagContext ctx) {
    TableName table = table(ctx.table);
    return call(
        table,
        DropTagProcedure.NAME,
        List.of(
            tableArgument(table),
            new Argument("tag", string(tagName(ctx.tag))),
            new Argument("if_exists", bool(ctx.EXISTS() != null))));
  }

  @Override
  public LancelotStatement visitCreateVectorIndex(CreateVectorIndexContext ctx) {
    TableName table = table(ctx.table);
    String index = identifier(ctx.index);
    List<Argument> args =
        new ArrayList<>(
            List.of(
                tableArgument(table),
                new Argument("name", string(index)),
                new Argument("column", string(identifier(ctx.column))),
                new Argument("kind", string(identifier(ctx.kind)))));
    for (IndexOptionContext option : ctx.indexOption()) {
      args.add(indexOption(table, index, option));
    }
    return call(table, CreateVectorIndexProcedure.NAME, args);
  }

  /** A WITH setting as the procedure's argument of that name: a whole number, or else a string. */
  private static Argument indexOption(TableName table, String index, IndexOptionContext option) {
    String key = identifier(option.key).toLowerCase(Locale.ROOT);
    String text =
        option.STRING() != null ? ParserUtils.string(option.STRING()) : textOf(option).trim();
    if (option.STRING() == null) {
      text = text.substring(text.indexOf('=') + 1).trim();
    }
    if (!IvfOptions.OPTIONS.contains(key)) {
      throw CatalogErrors.invalidIndexOption(
          table.quotedInCatalog(),
          index,
          key,
          null,
          "no such option; the options are " + String.join(", ", IvfOptions.OPTIONS));
    }
    if (key.equals("metric")) {
      return new Argument(key, string(text));
    }
    if (option.number() == null || option.number().INTEGER_VALUE() == null) {
      throw CatalogErrors.invalidIndexOption(
          table.quotedInCatalog(), index, key, text, "expected a whole number");
    }
    return new Argument(
        key,
        Literal.create(
            longValue(option.number().INTEGER_VALUE().getSymbol(), key), DataTypes.LongType));
  }

  @Override
  public LancelotStatement visitDropVectorIndex(DropVectorIndexContext ctx) {
    TableName table = table(ctx.table);
    return call(
        table,
        DropVectorIndexProcedure.NAME,
        List.of(
            tableArgument(table),
            new Argument("name", string(identifier(ctx.index))),
            new Argument("if_exists", bool(ctx.EXISTS() != null))));
  }

  @Override
  public LancelotStatement visitOptimize(OptimizeContext ctx) {
    TableName table = table(ctx.table);
    List<Argument> args = new ArrayList<>(List.of(tableArgument(table)));
    if (ctx.condition != null) {
      args.add(new Argument("where", string(textOf(ctx.condition))));
    }
    return call(table, CompactProcedure.NAME, args);
  }

  @Override
  public LancelotStatement visitVacuum(VacuumContext ctx) {
    TableName table = table(ctx.table);
    List<Argument> args = new ArrayList<>(List.of(tableArgument(table)));
    if (ctx.hours != null) {
      // The procedure takes the cut-off (now minus the retention) when it runs.
      args.add(
          new Argument(
              "retention_hours",
              Literal.create(Double.parseDouble(ctx.hours.getText()), DataTypes.DoubleType)));
    }
    boolean force = !Boolean.parseBoolean(spark.conf().get(RETENTION_CHECK, "true"));
    args.add(new Argument("retain_versions", Literal.create(1, DataTypes.IntegerType)));
    args.add(new Argument("dry_run", bool(ctx.DRY() != null)));
    args.add(new Argument("force", bool(force)));
    return call(table, CleanupProcedure.NAME, args);
  }

  @Override
  public LancelotStatement visitShallowClone(ShallowCloneContext ctx) {
    TableName target = table(ctx.target);
    TableName source = table(ctx.source);
    List<Argument> args =
        new ArrayList<>(
            List.of(
                new Argument("source", string(source.quotedInCatalog())),
                new Argument("target", string(target.quotedInCatalog()))));
    if (ctx.version != null || ctx.timestamp != null) {
      args.add(versionOrTimestamp(ctx.version, ctx.timestamp));
    }
    return ProcedureCall.ofSystem(
        target.catalog(), ShallowCloneProcedure.NAME, args, List.of(target, source));
  }

  /**
   * {@code CALL cat.system.<procedure>(...)}. The procedure's name resolves as a table's would; the
   * arguments of a call of another catalog's procedure are left to the parser that takes it.
   */
  @Override
  public LancelotStatement visitCall(CallContext ctx) {
    TableName procedure = table(ctx.procedure);
    if (!tables.inLancelotCatalog(procedure)) {
      return new ProcedureCall(procedure, List.of(), List.of(procedure));
    }
    List<Argument> args = ctx.callArgument().stream().map(this::argument).toList();
    return new ProcedureCall(procedure, args, List.of(procedure));
  }

  private Argument argument(CallArgumentContext ctx) {
    String text = textOf(ctx.value);
    Expression value;
    try {
      value = expressions.parseExpression(text);
    } catch (ParseException e) {
      throw new InvalidArgument(e);
    }
    if (ctx.name == null) {
      return Argument.positional(value);
    }
    String name =
        ctx.name.identifier() != null ? identifier(ctx.name.identifier()) : ctx.name.getText();
    return new Argument(name, value);
  }

  /** The text of a rule as written, comments and spacing included. */
  private static String textOf(ParserRuleContext ctx) {
    return ctx.start
        .getInputStream()
        .getText(Interval.of(ctx.start.getStartIndex(), ctx.stop.getStopIndex()));
  }

  /** A CALL argument that is no expression: Spark's syntax error about it. */
  static final class InvalidArgument extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ParseException error;

    InvalidArgument(ParseException error) {
      super(error.getMessage(), error);
      this.error = error;
    }

    ParseException error() {
      return error;
    }
  }

  private static ProcedureCall call(TableName table, String procedure, List<Argument> args) {
    return ProcedureCall.ofSystem(table.catalog(), procedure, args, List.of(table));
  }

  private static Argument tableArgument(TableName table) {
    return new Argument("table", string(table.quotedInCatalog()));
  }

  /** {@code version => '<number or tag>'} or {@code timestamp => CAST('<text>' AS TIMESTAMP)}. */
  private Argument versionOrTimestamp(VersionSpecContext version, Token timestamp) {
    if (version != null) {
      String spec =
          version.INTEGER_VALUE() != null ? version.getText() : tagName(version.tagName());
      return new Argument("version", string(spec));
    }
    String zone = spark.sessionState().conf().sessionLocalTimeZone();
    return new Argument(
        "timestamp",
        new Cast(
            string(ParserUtils.string(timestamp)), DataTypes.TimestampType, Option.apply(zone)));
  }

  private TableName table(MultipartIdentifierContext ctx) {
    return tables.resolve(ctx.parts.stream().map(StatementBuilder::identifier).toList());
  }

  private static String tagName(TagNameContext tag) {
    return tag.STRING() != null ? ParserUtils.string(tag.STRING()) : identifier(tag.identifier());
  }

  /** An identifier's name: the text of a plain one, the unescaped content of a backquoted one. */
  private static String identifier(LancelotSqlExtensionsParser.IdentifierContext ctx) {
    if (ctx.BACKQUOTED_IDENTIFIER() != null) {
      String text = ctx.getText();
      return text.substring(1, text.length() - 1).replace("``", "`");
    }
    return ctx.getText();
  }

  private static Literal string(String value) {
    return Literal.create(value, DataTypes.StringType);
  }

  private static Literal bool(boolean value) {
    return Literal.create(value, DataTypes.BooleanType);
  }

  private static int intValue(Token token, String what) {
    return (int) boundedValue(token, what, Integer.MAX_VALUE);
  }

  private static long longValue(Token token, String what) {
    return boundedValue(token, what, Long.MAX_VALUE);
  }

  private static long boundedValue(Token token, String what, long max) {
    BigInteger value = new BigInteger(token.getText());
    if (value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw CatalogErrors.numberOutOfRange(what, token.getText(), max);
    }
    return value.longValue();
  }
}
