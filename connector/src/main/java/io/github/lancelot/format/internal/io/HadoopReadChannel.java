package io.github.lancelot.format.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * A Hadoop input stream seen as the seekable channel Arrow's file reader needs. Arrow reads a
 * record batch's body into one off-heap buffer: a stream that reads into such buffers itself (HDFS)
 * fills it directly with positional reads; any other is read from where it stands (a positional
 * read of a checksummed local file opens the file again) through one reused on-heap chunk, so that
 * reading a batch of many megabytes allocates nothing per read.
 */
public final class HadoopReadChannel implements SeekableByteChannel {
  private static final int CHUNK_BYTES = 256 * 1024;

  private final FSDataInputStream in;
  private final long size;
  private final boolean readsIntoByteBuffers;
  private byte[] chunk;
  private long position;
  private boolean open = true;

  public HadoopReadChannel(FSDataInputStream in, long size) {
    this.in = in;
    this.size = size;
    this.readsIntoByteBuffers = in.hasCapability(StreamCapabilities.PREADBYTEBUFFER);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (position >= size) {
      return -1;
    }
    int want = (int) Math.min(dst.remaining(), size - position);
    if (readsIntoByteBuffers) {
      ByteBuffer part = dst.duplicate();
      part.limit(part.position() + want);
      in.readFully(position, part);
      dst.position(dst.position() + want);
    } else {
      if (in.getPos() != position) {
        in.seek(position);
      }
      if (dst.hasArray()) {
        in.readFully(dst.array(), dst.arrayOffset() + dst.position(), want);
        dst.position(dst.position() + want);
      } else {
        readThroughChunk(dst, want);
      }
    }
    position += want;
    return want;
  }

  private void readThroughChunk(ByteBuffer dst, int want) throws IOException {
    if (chunk == null) {
      chunk = new byte[Math.min(want, CHUNK_BYTES)];
    }
    int done = 0;
    while (done < want) {
      int n = Math.min(chunk.length, want - done);
      in.readFully(chunk, 0, n);
      dst.put(chunk, 0, n);
      done += n;
    }
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    open = false;
    in.close();
  }
}
