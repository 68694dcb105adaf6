package io.github.lancelot.spark;

import java.util.List;
import java.util.Map;
import scala.Predef;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Java and Scala collections converted for Spark's Scala APIs, on Scala 2.12. Spark's {@code Seq}
 * is {@code scala.collection.Seq} on Scala 2.12 and {@code scala.collection.immutable.Seq} on 2.13;
 * an immutable sequence suits both, and every Scala sequence converts to a Java list.
 */
public final class ScalaCollections {
  private ScalaCollections() {}

  /** A Java list as an immutable Scala sequence, as Spark's plans and expressions take them. */
  public static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }

  /**
   * A Scala sequence as an immutable one: itself if it is, else a copy; null stays null (a parser
   * that answers nothing).
   */
  public static <T> scala.collection.immutable.Seq<T> immutableSeq(Seq<T> seq) {
    if (seq == null || seq instanceof scala.collection.immutable.Seq) {
      return (scala.collection.immutable.Seq<T>) seq;
    }
    return seq.toList();
  }

  /** A Scala sequence as a Java list, a view of it. */
  public static <T> List<T> list(Seq<T> seq) {
    return JavaConverters.seqAsJavaList(seq);
  }

  /** A Java map as an immutable Scala map. */
  public static <K, V> scala.collection.immutable.Map<K, V> map(Map<K, V> map) {
    return JavaConverters.mapAsScalaMap(map).toMap(Predef.$conforms());
  }

  /** A Scala map as a Java map, a view of it. */
  public static <K, V> Map<K, V> javaMap(scala.collection.Map<K, V> map) {
    return JavaConverters.mapAsJavaMap(map);
  }
}
