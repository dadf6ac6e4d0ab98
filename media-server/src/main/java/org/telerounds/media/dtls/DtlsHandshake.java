package org.telerounds.media.dtls;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.srtp.SrtpKeyMaterial;
import org.telerounds.media.srtp.SrtpProfile;

/**
 * One DTLS server session, run on the shared {@link DtlsPool}, never on the socket's event loop.
 * Records arrive through {@link #offer}. BouncyCastle's handshake blocks, so it is given a pool
 * thread only once the peer's first record is there, and only until the handshake ends or its
 * deadline passes (measured from {@link #start}). After the handshake no thread is kept: a record
 * that arrives later (a retransmitted final flight, close_notify) schedules a short drain on the
 * pool that reads only while records are queued. A full pool fails the handshake at once.
 */
public final class DtlsHandshake implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("media.dtls");
  /** BouncyCastle reads 0 as "wait forever": drains wait the least it allows. */
  private static final int DRAIN_WAIT_MILLIS = 1;

  private enum State { NEW, WAITING, HANDSHAKING, ESTABLISHED, CLOSED }

  private final QueueDatagramTransport transport;
  private final DtlsCertificate certificate;
  private final List<SrtpProfile> profiles;
  private final Clock clock;
  private final CompletableFuture<SrtpKeyMaterial> keys = new CompletableFuture<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Object sessionLock = new Object();
  private final byte[] drainBuf = new byte[1500];
  private volatile DTLSTransport session;
  private volatile Executor pool;
  private volatile String remoteFingerprint;
  private volatile long deadlineMillis;
  private volatile ScheduledFuture<?> timer;

  public DtlsHandshake(DtlsCertificate certificate, List<SrtpProfile> profiles, Consumer<byte[]> sender, Clock clock) {
    this.transport = new QueueDatagramTransport(sender);
    this.certificate = certificate;
    this.profiles = profiles;
    this.clock = clock;
  }

  /**
   * Arms the handshake once the peer's SDP fingerprint is known: it runs on {@code pool} as soon
   * as a record is queued (records that arrived earlier wait in the queue). The future completes
   * with the SRTP keys, or fails: a {@link DtlsTimeoutException} after {@code timeout} (a timer
   * on {@code timers}), a {@link DtlsOverloadException} if the pool is full, or the handshake's error.
   */
  public CompletableFuture<SrtpKeyMaterial> start(Executor pool, ScheduledExecutorService timers,
      String remoteFingerprint, Duration timeout) {
    if (state.get() != State.NEW) {
      return keys;
    }
    this.pool = pool;
    this.remoteFingerprint = remoteFingerprint;
    this.deadlineMillis = clock.millis() + timeout.toMillis();
    if (!state.compareAndSet(State.NEW, State.WAITING)) {
      return keys;
    }
    timer = timers.schedule(() -> fail(new DtlsTimeoutException(null)), timeout.toMillis(), TimeUnit.MILLISECONDS);
    keys.whenComplete((k, e) -> timer.cancel(false));
    if (transport.pending() > 0) {
      beginHandshake();
    }
    return keys;
  }

  /** Hands a DTLS record to the session; never blocks. Returns false when it had to be dropped. */
  public boolean offer(byte[] record) {
    if (!transport.offer(record)) {
      return false;
    }
    switch (state.get()) {
      case WAITING -> beginHandshake();
      case ESTABLISHED -> scheduleDrain();
      default -> { } // not started yet (the record waits), handshaking (it reads it), or closed
    }
    return true;
  }

  /** True once the peer closed an established session (close_notify) or it failed after the handshake. */
  public boolean peerClosed() {
    return state.get() == State.ESTABLISHED && transport.isClosed();
  }

  private void beginHandshake() {
    if (!state.compareAndSet(State.WAITING, State.HANDSHAKING)) {
      return;
    }
    try {
      pool.execute(this::handshake);
    } catch (RejectedExecutionException e) {
      fail(new DtlsOverloadException());
    }
  }

  private void handshake() {
    long remaining = deadlineMillis - clock.millis();
    if (remaining <= 0) {
      fail(new DtlsTimeoutException(null));
      return;
    }
    if (state.get() != State.HANDSHAKING) {
      return;
    }
    DtlsSrtpServer server = new DtlsSrtpServer(certificate, remoteFingerprint, profiles,
        (int) Math.min(remaining, Integer.MAX_VALUE));
    try {
      DTLSTransport s = new DTLSServerProtocol().accept(server, transport);
      session = s;
      if (!state.compareAndSet(State.HANDSHAKING, State.ESTABLISHED)) {
        closeSession(s); // closed or timed out meanwhile
        return;
      }
      keys.complete(server.keys());
      if (transport.pending() > 0) {
        scheduleDrain();
      }
    } catch (Exception e) {
      fail(isTimeout(e) ? new DtlsTimeoutException(e) : e);
    }
  }

  private void scheduleDrain() {
    if (!drainScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException e) {
      drainScheduled.set(false); // the record stays queued; the peer retransmits and the next one retries
    }
  }

  /** Lets BouncyCastle process what is queued: resend our last flight, or take the peer's close_notify. */
  private void drain() {
    try {
      synchronized (sessionLock) {
        DTLSTransport s = session;
        while (state.get() == State.ESTABLISHED && transport.pending() > 0) {
          s.receive(drainBuf, 0, drainBuf.length, DRAIN_WAIT_MILLIS);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("DTLS session ended: {}", e.toString());
    } finally {
      drainScheduled.set(false);
    }
    if (state.get() == State.ESTABLISHED && transport.pending() > 0) {
      scheduleDrain(); // a record came between the last read and the flag's reset
    }
  }

  /** Fails the handshake (once) and releases what it holds; a blocked handshake thread wakes. */
  private void fail(Throwable e) {
    if (keys.completeExceptionally(e)) {
      state.set(State.CLOSED);
      transport.close();
    }
  }

  /** Sends close_notify (from a pool thread, as BouncyCastle is not thread-safe) and stops the session. */
  @Override
  public void close() {
    State before = state.getAndSet(State.CLOSED);
    if (before == State.CLOSED) {
      return;
    }
    keys.completeExceptionally(new IllegalStateException("closed"));
    DTLSTransport s = session;
    if (before == State.ESTABLISHED && s != null && !transport.isClosed()) {
      try {
        pool.execute(() -> closeSession(s));
        return;
      } catch (RejectedExecutionException e) {
        // no close_notify then: the peer's consent checks end the session on its side
      }
    }
    transport.close();
  }

  private void closeSession(DTLSTransport s) {
    synchronized (sessionLock) {
      try {
        s.close();
      } catch (IOException | RuntimeException ignored) {
        // best effort close_notify
      }
    }
    transport.close();
  }

  /** True if {@code t} (or a cause) is the fingerprint check failing. */
  public static boolean isFingerprintMismatch(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DtlsSrtpServer.FingerprintMismatchException) return true;
    }
    return false;
  }

  /** True if {@code t} (or a cause) is a handshake that ran past its deadline. */
  public static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DtlsTimeoutException || c instanceof TlsTimeoutException) return true;
    }
    return false;
  }

  /** True if {@code t} (or a cause) is a handshake refused because the DTLS pool was full. */
  public static boolean isOverload(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DtlsOverloadException) return true;
    }
    return false;
  }

  /** The handshake did not finish before its deadline. */
  public static final class DtlsTimeoutException extends IOException {
    DtlsTimeoutException(Throwable cause) {
      super("DTLS handshake timed out", cause);
    }
  }

  /** The DTLS pool's queue was full, so the handshake was refused. */
  public static final class DtlsOverloadException extends IOException {
    DtlsOverloadException() {
      super("DTLS handshake refused: the DTLS pool is full");
    }
  }
}
