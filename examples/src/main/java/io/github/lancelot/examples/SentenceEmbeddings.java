package io.github.lancelot.examples;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Real sentence embeddings, computed in-process on ONNX Runtime with the model weights shipped
 * inside the jars, so nothing is downloaded at run time. Vectors are L2-normalized, so a dot
 * product is their cosine similarity.
 */
final class SentenceEmbeddings {
  /** The models the walkthrough compares; both give 384 dimensions. */
  enum Model {
    /** sentence-transformers/all-MiniLM-L6-v2, the walkthrough's first model. */
    ALL_MINILM_L6_V2,
    /**
     * BAAI/bge-small-en-v1.5, standing in for all-mpnet-base-v2, which is not published with its
     * weights in a jar.
     */
    BGE_SMALL_EN_V15
  }

  private final EmbeddingModel model;

  SentenceEmbeddings(Model which) {
    this.model =
        switch (which) {
          case ALL_MINILM_L6_V2 -> new AllMiniLmL6V2EmbeddingModel();
          case BGE_SMALL_EN_V15 -> new BgeSmallEnV15EmbeddingModel();
        };
  }

  int dimension() {
    return model.dimension();
  }

  /** One normalized vector per text, in order. */
  List<float[]> embed(List<String> texts) {
    List<Embedding> embeddings =
        model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
    List<float[]> out = new ArrayList<>();
    for (Embedding e : embeddings) {
      out.add(normalized(e.vector()));
    }
    return out;
  }

  private static float[] normalized(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double norm = Math.sqrt(sum);
    float[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (out[i] / norm);
    }
    return out;
  }
}
