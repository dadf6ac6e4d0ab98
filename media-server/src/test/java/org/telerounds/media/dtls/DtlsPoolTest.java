package org.telerounds.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telerounds.media.dtls.DtlsHandshakeTest.Pipe;
import org.telerounds.media.srtp.SrtpKeyMaterial;
import org.telerounds.media.srtp.SrtpProfile;

/**
 * The bounded DTLS pool: many handshakes share a few threads, no session keeps a thread after its
 * handshake, a silent peer times out and frees its thread, a full queue fails a handshake at once,
 * and records after the handshake (a retransmitted final flight, close_notify) are still handled.
 * Real BouncyCastle clients over in-memory pipes ({@link DtlsHandshakeTest#runClient}).
 */
class DtlsPoolTest {
  static final List<SrtpProfile> PROFILES = List.of(SrtpProfile.AEAD_AES_128_GCM);
  final ExecutorService clients = Executors.newCachedThreadPool();
  final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  final DtlsCertificate serverCert = DtlsCertificate.generate();
  final List<DtlsPool> pools = new ArrayList<>();

  @AfterEach
  void close() {
    clients.shutdownNow();
    timers.shutdownNow();
    pools.forEach(DtlsPool::close);
  }

  DtlsPool pool(int threads, int queue) {
    DtlsPool p = new DtlsPool(new DtlsPool.Settings(threads, queue, Duration.ofSeconds(30)));
    pools.add(p);
    return p;
  }

  static long dtlsThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("media-dtls-")).count();
  }

  /** A server session on {@code pool} and a client on {@code clients}, started together. */
  record Session(DtlsHandshake server, Pipe pipe, CompletableFuture<SrtpKeyMaterial> keys,
      java.util.concurrent.Future<DtlsHandshakeTest.ClientSide> client) {}

  Session connect(DtlsPool pool, Duration timeout) {
    DtlsCertificate clientCert = DtlsCertificate.generate();
    Pipe pipe = new Pipe();
    DtlsHandshake hs = DtlsHandshakeTest.handshake(serverCert, PROFILES, pipe);
    CompletableFuture<SrtpKeyMaterial> keys = hs.start(pool, timers, clientCert.fingerprint(), timeout);
    return new Session(hs, pipe, keys, clients.submit(() -> DtlsHandshakeTest.runClient(clientCert, pipe)));
  }

  @Test
  void fortyConcurrentHandshakesCompleteOnTwoThreadsAndKeepNone() throws Exception {
    DtlsPool pool = pool(2, 64);
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < 40; i++) sessions.add(connect(pool, Duration.ofSeconds(60)));
    AtomicInteger most = new AtomicInteger();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
      most.accumulateAndGet((int) dtlsThreads(), Math::max);
      return sessions.stream().allMatch(s -> s.keys().isDone());
    });
    for (Session s : sessions) {
      assertThat(s.keys().get()).isNotNull();
      assertThat(s.client().get(10, TimeUnit.SECONDS).exported()).isNotNull();
    }
    assertThat(most.get()).as("media-dtls threads while 40 handshakes ran").isBetween(1, 2);
    // no session holds a thread once it is established: the old design parked one per session here
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.active() == 0 && pool.queued() == 0);
    assertThat(dtlsThreads()).isLessThanOrEqualTo(2);
    sessions.forEach(s -> s.server().close());
    pool.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> dtlsThreads() == 0);
  }

  @Test
  void aPeerThatGoesSilentMidHandshakeTimesOutAndFreesTheOnlyThread() throws Exception {
    DtlsPool pool = pool(1, 8);
    DtlsCertificate clientCert = DtlsCertificate.generate();
    Pipe pipe = new Pipe();
    pipe.clientSends = 1; // the ClientHello reaches the server, then nothing more
    DtlsHandshake hs = DtlsHandshakeTest.handshake(serverCert, PROFILES, pipe);
    CompletableFuture<SrtpKeyMaterial> keys = hs.start(pool, timers, clientCert.fingerprint(), Duration.ofSeconds(2));
    clients.submit(() -> DtlsHandshakeTest.runClient(clientCert, pipe));
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.active() == 1); // the handshake holds the thread
    await().atMost(Duration.ofSeconds(30)).until(keys::isDone);
    assertThat(keys).isCompletedExceptionally();
    keys.exceptionally(e -> {
      assertThat(DtlsHandshake.isTimeout(e)).as("timeout: %s", e).isTrue();
      return null;
    }).get();
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.active() == 0);
    // the one thread serves the next peer
    Session next = connect(pool, Duration.ofSeconds(30));
    assertThat(next.keys().get(30, TimeUnit.SECONDS)).isNotNull();
    hs.close();
  }

  @Test
  void aPeerThatSendsNothingTimesOutWithoutTakingAThread() throws Exception {
    DtlsPool pool = pool(1, 8);
    Pipe pipe = new Pipe();
    DtlsHandshake hs = DtlsHandshakeTest.handshake(serverCert, PROFILES, pipe);
    CompletableFuture<SrtpKeyMaterial> keys = hs.start(pool, timers, DtlsCertificate.generate().fingerprint(),
        Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(20)).until(keys::isDone);
    keys.exceptionally(e -> {
      assertThat(DtlsHandshake.isTimeout(e)).as("timeout: %s", e).isTrue();
      return null;
    }).get();
    assertThat(pool.threads()).isZero();
    assertThat(hs.offer(new byte[] {22, (byte) 0xfe, (byte) 0xfd})).as("records after the failure are dropped").isFalse();
  }

  @Test
  void aFullQueueFailsTheHandshakeAtOnce() throws Exception {
    DtlsPool pool = pool(1, 1);
    CountDownLatch release = new CountDownLatch(1);
    pool.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> pool.active() == 1);
    pool.execute(() -> { }); // fills the queue
    Pipe pipe = new Pipe();
    DtlsHandshake hs = DtlsHandshakeTest.handshake(serverCert, PROFILES, pipe);
    CompletableFuture<SrtpKeyMaterial> keys = hs.start(pool, timers, DtlsCertificate.generate().fingerprint(),
        Duration.ofSeconds(30));
    assertThat(keys).isNotDone(); // armed, waiting for the peer's first record
    hs.offer(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0});
    assertThat(keys).isCompletedExceptionally();
    keys.exceptionally(e -> {
      assertThat(DtlsHandshake.isOverload(e)).as("overload: %s", e).isTrue();
      return null;
    }).get();
    release.countDown();
  }

  @Test
  void aRetransmittedFinalFlightAfterTheHandshakeIsAnsweredWithoutAParkedThread() throws Exception {
    DtlsPool pool = pool(1, 8);
    DtlsCertificate clientCert = DtlsCertificate.generate();
    Pipe pipe = new Pipe();
    pipe.loseServerFinalFlight = true; // our CCS/Finished is lost: the client resends its last flight
    DtlsHandshake hs = DtlsHandshakeTest.handshake(serverCert, PROFILES, pipe);
    CompletableFuture<SrtpKeyMaterial> keys = hs.start(pool, timers, clientCert.fingerprint(), Duration.ofSeconds(30));
    var client = clients.submit(() -> DtlsHandshakeTest.runClient(clientCert, pipe));
    keys.get(30, TimeUnit.SECONDS); // the server is done; the client is still waiting for our Finished
    // only a drain on the pool, woken by the client's retransmission, can resend it
    assertThat(client.get(30, TimeUnit.SECONDS).exported()).isNotNull();
    assertThat(pipe.serverFinalFlights.get()).as("final flights sent").isGreaterThanOrEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.active() == 0 && pool.queued() == 0);
    assertThat(hs.peerClosed()).isFalse();
    hs.close();
  }

  @Test
  void closeNotifyAfterTheHandshakeIsTaken() throws Exception {
    DtlsPool pool = pool(1, 8);
    Session s = connect(pool, Duration.ofSeconds(30));
    s.keys().get(30, TimeUnit.SECONDS);
    DtlsHandshakeTest.ClientSide client = s.client().get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.active() == 0);
    assertThat(s.server().peerClosed()).isFalse();
    client.session().close(); // sends close_notify
    await().atMost(Duration.ofSeconds(10)).until(() -> s.server().peerClosed());
    s.server().close();
  }
}
