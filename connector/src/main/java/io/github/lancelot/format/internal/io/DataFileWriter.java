package io.github.lancelot.format.internal.io;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * Writes one Arrow IPC file holding some columns of one fragment. Rows arrive as ranges of caller
 * batches and are moved into the file's own vectors without copying (Arrow's split-and-transfer
 * shares the buffers).
 */
public final class DataFileWriter implements AutoCloseable {
  private final String relativePath;
  private final Path path;
  private final List<TableSchema.Column> columns;
  private final FSDataOutputStream out;
  private final VectorSchemaRoot root;
  private final ArrowFileWriter writer;
  private boolean finished;

  public DataFileWriter(
      TableLocation location,
      List<TableSchema.Column> columns,
      WriteOptions options,
      BufferAllocator allocator) {
    this.relativePath = TableLocation.DATA_DIR + "/" + UUID.randomUUID() + ".arrow";
    this.path = location.resolve(relativePath);
    this.columns = columns;
    this.root =
        VectorSchemaRoot.create(
            new org.apache.arrow.vector.types.pojo.Schema(
                columns.stream().map(TableSchema.Column::field).toList()),
            allocator);
    try {
      this.out = location.fs().create(path, false);
    } catch (IOException e) {
      root.close();
      try {
        location.fs().delete(path, false);
      } catch (IOException ignored) {
        // cleanup removes it later
      }
      throw TableErrors.ioError("creating data file " + path, e);
    }
    this.writer =
        options.compression() == WriteOptions.Compression.NONE
            ? new ArrowFileWriter(root, null, Channels.newChannel(out))
            : CompressingFileWriter.create(
                root, Channels.newChannel(out), codec(options.compression()));
    try {
      writer.start();
    } catch (IOException | RuntimeException e) {
      close();
      try {
        location.fs().delete(path, false);
      } catch (IOException ignored) {
        // cleanup removes it later
      }
      throw TableErrors.ioError("writing data file " + path, e);
    }
  }

  private static CompressionUtil.CodecType codec(WriteOptions.Compression c) {
    return c == WriteOptions.Compression.ZSTD
        ? CompressionUtil.CodecType.ZSTD
        : CompressionUtil.CodecType.LZ4_FRAME;
  }

  public Path path() {
    return path;
  }

  /** Bytes written to the file so far: its size without the footer that {@link #finish} adds. */
  public long bytesWritten() {
    return writer.bytesWritten();
  }

  /**
   * Appends rows {@code [offset, offset + length)} of the given source vectors (one per column, in
   * order) as one record batch, then hands each written vector to {@code afterWrite} (for
   * statistics) before releasing it.
   */
  public void write(List<FieldVector> sources, int offset, int length, VectorVisitor afterWrite) {
    for (int i = 0; i < sources.size(); i++) {
      FieldVector target = root.getVector(i);
      target.clear();
      sources.get(i).makeTransferPair(target).splitAndTransfer(offset, length);
    }
    root.setRowCount(length);
    try {
      writer.writeBatch();
    } catch (IOException e) {
      throw TableErrors.ioError("writing data file " + path, e);
    }
    for (int i = 0; i < sources.size(); i++) {
      afterWrite.visit(columns.get(i), root.getVector(i));
    }
    root.clear();
  }

  /** Closes the file and describes it. */
  public DataFile finish() {
    try {
      writer.end();
      long size = out.getPos();
      writer.close();
      out.close();
      finished = true;
      return new DataFile(
          relativePath, columns.stream().map(TableSchema.Column::id).toList(), size);
    } catch (IOException e) {
      throw TableErrors.ioError("writing data file " + path, e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw TableErrors.ioError("writing data file " + path, io);
      }
      throw e;
    } finally {
      root.close();
    }
  }

  @Override
  public void close() {
    if (!finished) {
      try {
        writer.close();
      } catch (RuntimeException ignored) {
        // abandoning the file; the caller deletes it
      }
      try {
        out.close();
      } catch (IOException | RuntimeException ignored) {
        // as above
      }
      root.close();
    }
  }

  /** Sees each column's vector after it was written. */
  @FunctionalInterface
  public interface VectorVisitor {
    void visit(TableSchema.Column column, FieldVector written);
  }
}
