package io.github.lancelot.spark;

import io.github.lancelot.format.vectors.VectorMeasure;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.connector.expressions.UserDefinedScalarFunc;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A vector distance or similarity function of Spark SQL ({@code vector_l2_distance}, {@code
 * vector_cosine_distance}, {@code vector_inner_product}, {@code vector_cosine_similarity}): two
 * {@code ARRAY<FLOAT>} vectors in, a {@code FLOAT} out, with the semantics of Spark 4.2's built-ins
 * of the same names, so a query means the same on every line. The result is NULL when either vector
 * or one of its elements is NULL (and the cosine of an empty or zero vector); vectors of different
 * dimensions are an error. The catalog offers these functions ({@code lance.system.*}) and the
 * session extension registers them without a prefix; an {@code ORDER BY} one of them with a {@code
 * LIMIT} is pushed into the scan ({@link NearestNeighbours}). The nested classes add the static
 * {@code invoke} Spark 4 calls from generated code; on Spark 3.5, which pushes down only functions
 * it calls through {@link #produceResult}, {@link VectorFunctions} offers this class itself.
 */
public class VectorFunction implements UnboundFunction, ScalarFunction<Float> {
  private static final DataType VECTOR = DataTypes.createArrayType(DataTypes.FloatType);
  private static final String CANONICAL_PREFIX = "lancelot.";

  private final VectorMeasure measure;

  public VectorFunction(VectorMeasure measure) {
    this.measure = measure;
  }

  /** The measure this function computes. */
  public VectorMeasure measure() {
    return measure;
  }

  /** The function of this name (in any case) the line offers, if any. */
  public static Optional<VectorFunction> named(String name) {
    return VectorMeasure.ofFunction(name)
        .flatMap(m -> VectorFunctions.all().stream().filter(f -> f.measure == m).findFirst());
  }

  /**
   * The measure of a function call Spark pushes down, if it is a call of one of these functions.
   */
  static Optional<VectorMeasure> measureOf(UserDefinedScalarFunc call) {
    return VectorMeasure.ofFunction(call.name())
        .filter(m -> (CANONICAL_PREFIX + m.functionName()).equals(call.canonicalName()));
  }

  @Override
  public String name() {
    return measure.functionName();
  }

  @Override
  public String canonicalName() {
    return CANONICAL_PREFIX + name();
  }

  @Override
  public String description() {
    String what =
        switch (measure) {
          case L2_DISTANCE -> "the Euclidean distance between";
          case COSINE_DISTANCE -> "1 minus the cosine similarity of";
          case INNER_PRODUCT -> "the inner (dot) product of";
          case COSINE_SIMILARITY -> "the cosine similarity of";
        };
    return name() + "(a, b) - " + what + " two ARRAY<FLOAT> vectors of the same dimension";
  }

  @Override
  public BoundFunction bind(StructType inputType) {
    StructField[] inputs = inputType.fields();
    if (inputs.length != 2 || !isVector(inputs[0].dataType()) || !isVector(inputs[1].dataType())) {
      throw SparkErrors.vectorFunctionInputs(
          name(),
          Arrays.stream(inputs).map(f -> f.dataType().sql()).collect(Collectors.joining(", ")));
    }
    return this;
  }

  private static boolean isVector(DataType type) {
    return type instanceof ArrayType array && array.elementType() instanceof FloatType;
  }

  @Override
  public DataType[] inputTypes() {
    return new DataType[] {VECTOR, VECTOR};
  }

  @Override
  public DataType resultType() {
    return DataTypes.FloatType;
  }

  @Override
  public Float produceResult(InternalRow input) {
    return evaluate(
        measure,
        input.isNullAt(0) ? null : input.getArray(0),
        input.isNullAt(1) ? null : input.getArray(1));
  }

  /** The measure between two vectors, as the SQL functions compute it. */
  static Float evaluate(VectorMeasure measure, ArrayData a, ArrayData b) {
    if (a == null || b == null) {
      return null;
    }
    int n = a.numElements();
    if (n != b.numElements()) {
      throw VectorDimensionMismatch.error(measure.functionName(), n, b.numElements());
    }
    for (int i = 0; i < n; i++) {
      if (a.isNullAt(i) || b.isNullAt(i)) {
        return null;
      }
    }
    return measure.between(a.toFloatArray(), 0, b.toFloatArray(), 0, n);
  }

  /** {@code vector_l2_distance} with the static {@code invoke} of Spark 4's generated code. */
  public static final class L2Distance extends VectorFunction {
    public L2Distance() {
      super(VectorMeasure.L2_DISTANCE);
    }

    public static Float invoke(ArrayData a, ArrayData b) {
      return evaluate(VectorMeasure.L2_DISTANCE, a, b);
    }
  }

  /** {@code vector_cosine_distance} with the static {@code invoke} of Spark 4's generated code. */
  public static final class CosineDistance extends VectorFunction {
    public CosineDistance() {
      super(VectorMeasure.COSINE_DISTANCE);
    }

    public static Float invoke(ArrayData a, ArrayData b) {
      return evaluate(VectorMeasure.COSINE_DISTANCE, a, b);
    }
  }

  /** {@code vector_inner_product} with the static {@code invoke} of Spark 4's generated code. */
  public static final class InnerProduct extends VectorFunction {
    public InnerProduct() {
      super(VectorMeasure.INNER_PRODUCT);
    }

    public static Float invoke(ArrayData a, ArrayData b) {
      return evaluate(VectorMeasure.INNER_PRODUCT, a, b);
    }
  }

  /**
   * {@code vector_cosine_similarity} with the static {@code invoke} of Spark 4's generated code.
   */
  public static final class CosineSimilarity extends VectorFunction {
    public CosineSimilarity() {
      super(VectorMeasure.COSINE_SIMILARITY);
    }

    public static Float invoke(ArrayData a, ArrayData b) {
      return evaluate(VectorMeasure.COSINE_SIMILARITY, a, b);
    }
  }
}
