package org.telerounds.media.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Adapts the shared media socket to BouncyCastle's blocking {@link DatagramTransport}: the socket's
 * event loop offers DTLS records into a bounded queue (dropping when full, never blocking), and the
 * handshake thread takes them. Sends go straight to the socket writer. The test client uses it for
 * the client side too.
 */
public final class QueueDatagramTransport implements DatagramTransport {
  static final int MTU = 1200;
  /** Put in the queue by {@link #close} to wake a blocked receiver; never handed out. */
  private static final byte[] CLOSED = new byte[0];
  private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(64);
  private final Consumer<byte[]> sender;
  private volatile boolean closed;

  public QueueDatagramTransport(Consumer<byte[]> sender) {
    this.sender = sender;
  }

  /** Called on the event loop; returns false (a drop) if the queue is full or closed. */
  public boolean offer(byte[] record) {
    return !closed && inbound.offer(record);
  }

  /** Records waiting to be read. */
  public int pending() {
    return closed ? 0 : inbound.size();
  }

  /** True once closed, by its owner or by BouncyCastle after a close_notify or fatal alert. */
  public boolean isClosed() {
    return closed;
  }

  @Override public int getReceiveLimit() { return 1500; }
  @Override public int getSendLimit() { return MTU; }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw new IOException("transport closed");
    }
    try {
      byte[] r = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
      if (r == null) {
        return -1;
      }
      if (r == CLOSED || closed) {
        throw new IOException("transport closed");
      }
      int n = Math.min(len, r.length);
      System.arraycopy(r, 0, buf, off, n);
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("transport closed");
    }
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    sender.accept(copy);
  }

  @Override
  public void close() {
    closed = true;
    inbound.clear();
    inbound.offer(CLOSED);
  }
}
