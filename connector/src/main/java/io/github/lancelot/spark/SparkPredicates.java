package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Comparison.Operator;
import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.Expressions;
import io.github.lancelot.format.expressions.Literal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.AlwaysFalse;
import org.apache.spark.sql.connector.expressions.filter.AlwaysTrue;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Not;
import org.apache.spark.sql.connector.expressions.filter.Or;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Translates Spark's predicates into the table format's conditions ({@link Expression}):
 * comparisons, {@code IN}, {@code IS [NOT] NULL} and {@code STARTS_WITH} of a top-level column with
 * constants, combined with {@code AND}, {@code OR} and {@code NOT}. Constants arrive in Spark's
 * internal form ({@code UTF8String}, {@code Decimal}, days as an int, microseconds as a long) and
 * become typed literals. Anything else (functions, casts, nested fields, strings with a collation
 * other than binary) has no translation.
 */
final class SparkPredicates {
  private SparkPredicates() {}

  /**
   * The condition all predicates together state, or empty if any part of them has no translation.
   */
  static Optional<Expression> exactly(Predicate[] predicates, TableSchema schema) {
    List<Expression> all = new ArrayList<>();
    for (Predicate p : predicates) {
      Optional<Expression> e = translate(p, schema, false);
      if (e.isEmpty()) {
        return Optional.empty();
      }
      all.add(e.get());
    }
    return Optional.of(Expressions.and(all));
  }

  /**
   * A condition every row satisfying the predicate satisfies, for skipping fragments: where one
   * side of an {@code AND} has no translation, the other side alone. Empty if nothing of it can be
   * used.
   */
  static Optional<Expression> implied(Predicate predicate, TableSchema schema) {
    return translate(predicate, schema, true).filter(e -> !e.equals(Expressions.alwaysTrue()));
  }

  /**
   * The predicates as one readable condition: each as its translation, or as Spark shows it if it
   * has none.
   */
  static String describe(Predicate[] predicates, TableSchema schema) {
    Optional<Expression> all = exactly(predicates, schema);
    if (all.isPresent()) {
      return all.get().toString();
    }
    List<String> parts = new ArrayList<>();
    for (Predicate p : predicates) {
      String part = translate(p, schema, false).map(Expression::toString).orElse(p.toString());
      parts.add(predicates.length > 1 ? "(" + part + ")" : part);
    }
    return String.join(" AND ", parts);
  }

  /**
   * @param implied whether an {@code AND} may be narrowed to the side that has a translation
   */
  private static Optional<Expression> translate(Predicate p, TableSchema schema, boolean implied) {
    if (p instanceof AlwaysTrue) {
      return Optional.of(Expressions.alwaysTrue());
    } else if (p instanceof AlwaysFalse) {
      return Optional.of(Expressions.alwaysFalse());
    } else if (p instanceof And a) {
      Optional<Expression> left = translate(a.left(), schema, implied);
      Optional<Expression> right = translate(a.right(), schema, implied);
      if (left.isPresent() && right.isPresent()) {
        return Optional.of(Expressions.and(left.get(), right.get()));
      }
      return implied ? left.or(() -> right) : Optional.empty();
    } else if (p instanceof Or o) {
      Optional<Expression> left = translate(o.left(), schema, implied);
      Optional<Expression> right = translate(o.right(), schema, implied);
      return left.isPresent() && right.isPresent()
          ? Optional.of(Expressions.or(left.get(), right.get()))
          : Optional.empty();
    } else if (p instanceof Not n) {
      return translate(n.child(), schema, false).map(Expressions::not);
    }
    var children = p.children();
    return switch (p.name()) {
      case "IS_NULL" ->
          children.length == 1
              ? column(children[0], schema).map(Expressions::isNull)
              : Optional.empty();
      case "IS_NOT_NULL" ->
          children.length == 1
              ? column(children[0], schema).map(Expressions::isNotNull)
              : Optional.empty();
      case "=" -> comparison(Operator.EQUAL, children, schema);
      case "<=>" -> comparison(Operator.NULL_SAFE_EQUAL, children, schema);
      case "<>" -> comparison(Operator.NOT_EQUAL, children, schema);
      case "<" -> comparison(Operator.LESS_THAN, children, schema);
      case "<=" -> comparison(Operator.LESS_THAN_OR_EQUAL, children, schema);
      case ">" -> comparison(Operator.GREATER_THAN, children, schema);
      case ">=" -> comparison(Operator.GREATER_THAN_OR_EQUAL, children, schema);
      case "IN" -> in(children, schema);
      case "STARTS_WITH" -> startsWith(children, schema);
      default -> Optional.empty();
    };
  }

  private static Optional<Expression> comparison(
      Operator op,
      org.apache.spark.sql.connector.expressions.Expression[] children,
      TableSchema schema) {
    if (children.length != 2) {
      return Optional.empty();
    }
    Optional<String> column = column(children[0], schema);
    Optional<Literal> value = literal(children[1]);
    if (column.isPresent() && value.isPresent()) {
      return Optional.of(Expressions.compare(op, column.get(), value.get()));
    }
    column = column(children[1], schema);
    value = literal(children[0]);
    if (column.isPresent() && value.isPresent()) {
      return Optional.of(Expressions.compare(op.flipped(), column.get(), value.get()));
    }
    return Optional.empty();
  }

  private static Optional<Expression> in(
      org.apache.spark.sql.connector.expressions.Expression[] children, TableSchema schema) {
    if (children.length == 0) {
      return Optional.empty();
    }
    Optional<String> column = column(children[0], schema);
    List<Literal> values = new ArrayList<>();
    for (var child : Arrays.asList(children).subList(1, children.length)) {
      Optional<Literal> v = literal(child);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      values.add(v.get());
    }
    return column.map(c -> Expressions.in(c, values));
  }

  private static Optional<Expression> startsWith(
      org.apache.spark.sql.connector.expressions.Expression[] children, TableSchema schema) {
    if (children.length != 2) {
      return Optional.empty();
    }
    Optional<String> column = column(children[0], schema);
    Optional<Literal> prefix = literal(children[1]);
    if (column.isEmpty()
        || prefix.isEmpty()
        || prefix.get().type() != Literal.Type.STRING
        || prefix.get().isNull()) {
      return Optional.empty();
    }
    return Optional.of(Expressions.startsWith(column.get(), (String) prefix.get().value()));
  }

  /** The name of a top-level column of the table. */
  private static Optional<String> column(
      org.apache.spark.sql.connector.expressions.Expression e, TableSchema schema) {
    if (e instanceof NamedReference ref
        && ref.fieldNames().length == 1
        && schema.column(ref.fieldNames()[0]).isPresent()) {
      return Optional.of(ref.fieldNames()[0]);
    }
    return Optional.empty();
  }

  private static Optional<Literal> literal(
      org.apache.spark.sql.connector.expressions.Expression e) {
    if (e instanceof org.apache.spark.sql.connector.expressions.Literal<?> literal) {
      return literal(literal.value(), literal.dataType());
    }
    return Optional.empty();
  }

  /**
   * A constant in Spark's internal form as a typed literal; empty for types the format has no
   * literal for.
   */
  static Optional<Literal> literal(Object value, DataType type) {
    Literal.Type t = literalType(type);
    if (t == null) {
      return Optional.empty();
    }
    if (value == null) {
      return Optional.of(Expressions.nullLiteral(t));
    }
    Object v =
        switch (t) {
          case STRING -> value.toString();
          case DECIMAL -> ((Decimal) value).toJavaBigDecimal();
          default -> value;
        };
    return Optional.of(new Literal(t, v));
  }

  private static Literal.Type literalType(DataType type) {
    if (type instanceof LongType) {
      return Literal.Type.LONG;
    } else if (type instanceof IntegerType) {
      return Literal.Type.INT;
    } else if (type instanceof ShortType) {
      return Literal.Type.SHORT;
    } else if (type instanceof ByteType) {
      return Literal.Type.BYTE;
    } else if (type instanceof DoubleType) {
      return Literal.Type.DOUBLE;
    } else if (type instanceof FloatType) {
      return Literal.Type.FLOAT;
    } else if (type instanceof BooleanType) {
      return Literal.Type.BOOLEAN;
    } else if (type instanceof StringType s) {
      return StringCollations.isBinary(s) ? Literal.Type.STRING : null;
    } else if (type instanceof DecimalType) {
      return Literal.Type.DECIMAL;
    } else if (type instanceof DateType) {
      return Literal.Type.DATE;
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return Literal.Type.TIMESTAMP;
    }
    return null;
  }
}
