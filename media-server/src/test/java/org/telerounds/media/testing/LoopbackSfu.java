package org.telerounds.media.testing;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.telerounds.media.config.MediaConfig;
import org.telerounds.media.sfu.MediaServer;
import org.telerounds.media.sfu.Participant;
import org.telerounds.media.sfu.ParticipantListener;
import org.telerounds.media.sfu.PublishResult;

/**
 * An in-process {@link MediaServer} on 127.0.0.1 (UDP port chosen by the OS) plus the glue that
 * signaling would otherwise do: join, publish offer/answer, and subscribe renegotiation driven by
 * {@link ParticipantListener#onRenegotiationNeeded()}. Every peer is a real {@link
 * WebRtcTestClient} talking ICE/DTLS/SRTP to the server's socket; each client is named after its
 * participant id (thread names {@code webrtc-client-<id>-rx}).
 */
public final class LoopbackSfu implements AutoCloseable {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MediaServer server;
  private final List<Peer> peers = new CopyOnWriteArrayList<>();

  static {
    defaultLogLevel("INFO");
  }

  public LoopbackSfu() {
    this(Map.of());
  }

  /**
   * Without a logback configuration (no logback-test.xml / logback.xml on the class path and no
   * -Dlogback.configurationFile) logback logs everything at DEBUG, which drowns a load run in
   * Netty and ice4j chatter; in that case only, set the root level to {@code level}.
   */
  public static void defaultLogLevel(String level) {
    if (System.getProperty("logback.configurationFile") != null) return;
    ClassLoader cl = LoopbackSfu.class.getClassLoader();
    if (cl.getResource("logback-test.xml") != null || cl.getResource("logback.xml") != null) return;
    if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.toLevel(level));
    }
  }

  /** {@code overrides} are config paths such as {@code telerounds.media.packet-cache-size}. */
  public LoopbackSfu(Map<String, Object> overrides) {
    Map<String, Object> m = new HashMap<>(overrides);
    m.putIfAbsent("telerounds.media.udp-port", 0);
    m.putIfAbsent("telerounds.media.bind-address", "127.0.0.1");
    MediaConfig config = MediaConfig.from(ConfigFactory.parseMap(m).withFallback(ConfigFactory.defaultReference())
        .resolve());
    this.server = new MediaServer(config, registry, Clock.systemUTC());
  }

  public MediaServer server() { return server; }
  public MeterRegistry registry() { return registry; }

  /** The value of counter {@code name} with the given tag pairs, 0 if it was never registered. */
  public double counter(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  /** A participant and its one PeerConnection (publish or subscribe). */
  public static final class Peer implements AutoCloseable {
    private final Participant participant;
    private final WebRtcTestClient client;
    private final Link link;

    Peer(Participant participant, WebRtcTestClient client, Link link) {
      this.participant = participant;
      this.client = client;
      this.link = link;
    }

    public Participant participant() { return participant; }
    public WebRtcTestClient client() { return client; }
    /** Transport failures the server reported for this participant, as "pc:reason". */
    public List<String> failures() { return List.copyOf(link.failures); }
    /** Subscribe offers answered so far. */
    public int negotiations() { return link.negotiations.get(); }

    /** Leaves the room on the server but keeps the client (socket, threads, keys) open. */
    public void leave() throws Exception {
      participant.leave().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      try {
        participant.leave().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // already left, or the server is closing
      }
      client.close();
    }
  }

  /**
   * What signaling does for one participant: answer subscribe offers (only for a subscribing
   * peer: a publish-only peer's client is not a subscribe PeerConnection, so its offers are left
   * unanswered and the server simply never forwards to it), remember failures.
   */
  static final class Link implements ParticipantListener {
    final WebRtcTestClient client;
    final boolean subscribes;
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger negotiations = new AtomicInteger();
    final CompletableFuture<Void> firstNegotiation = new CompletableFuture<>();
    volatile Participant participant;
    volatile boolean pending;

    Link(WebRtcTestClient client, boolean subscribes) {
      this.client = client;
      this.subscribes = subscribes;
    }

    void attach(Participant p) {
      participant = p;
      if (pending) negotiate();
    }

    @Override
    public void onRenegotiationNeeded() {
      if (!subscribes) return;
      pending = true;
      if (participant != null) negotiate();
    }

    @Override
    public void onTransportFailed(String pc, String reason) {
      failures.add(pc + ":" + reason);
    }

    /** Asynchronous: this may be called on the media loop, which must never block. */
    void negotiate() {
      Participant p = participant;
      pending = false;
      p.createSubscribeOffer().thenCompose(offer -> {
        if (offer == null) return CompletableFuture.completedFuture(null);
        String answer;
        try {
          answer = client.createAnswer(offer.sdp());
        } catch (Exception e) {
          return CompletableFuture.failedFuture(e);
        }
        return p.applySubscribeAnswer(answer).thenRun(() -> {
          negotiations.incrementAndGet();
          firstNegotiation.complete(null);
        });
      }).exceptionally(e -> {
        failures.add("negotiation:" + e);
        firstNegotiation.completeExceptionally(e);
        return null;
      });
    }
  }

  /**
   * Joins {@code room} as {@code id}, publishes the client's audio/video (roles: audio {@code
   * mic:patient}, video {@code camera:room} unless {@code roles} says otherwise by kind) and
   * connects. Throws if ICE or DTLS fails.
   */
  public Peer publish(String room, String id, WebRtcTestClient.Options opts, Map<String, String> rolesByKind,
      Duration timeout) throws Exception {
    WebRtcTestClient c = new WebRtcTestClient(opts.name(id));
    Link link = new Link(c, false);
    try {
      Participant p = server.join(room, id, link).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      link.attach(p);
      Map<String, String> roles = new HashMap<>();
      if (c.audioMid() != null) roles.put(c.audioMid(), rolesByKind.getOrDefault("audio", "mic:patient"));
      if (c.videoMid() != null) roles.put(c.videoMid(), rolesByKind.getOrDefault("video", "camera:room"));
      PublishResult r = p.publish(c.createOffer(), roles).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      c.setRemoteAnswer(r.answerSdp());
      Peer peer = new Peer(p, c, link);
      peers.add(peer);
      c.connect(timeout);
      return peer;
    } catch (Exception e) {
      if (peers.stream().noneMatch(x -> x.client == c)) c.close();
      throw e;
    }
  }

  public Peer publish(String room, String id, WebRtcTestClient.Options opts) throws Exception {
    return publish(room, id, opts, Map.of(), Duration.ofSeconds(10));
  }

  /**
   * Joins {@code room} as {@code id}, waits for the first subscribe offer, answers it and starts
   * connecting. With {@code connect} false the caller calls {@code peer.client().connect(..)}
   * itself (e.g. to expect a failure). Later offers are answered automatically.
   */
  public Peer subscribe(String room, String id, WebRtcTestClient.Options opts, boolean connect, Duration timeout)
      throws Exception {
    WebRtcTestClient c = new WebRtcTestClient(opts.name(id));
    Link link = new Link(c, true);
    try {
      Participant p = server.join(room, id, link).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Peer peer = new Peer(p, c, link);
      peers.add(peer);
      link.attach(p);
      link.firstNegotiation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (connect) c.connect(timeout);
      return peer;
    } catch (Exception e) {
      if (peers.stream().noneMatch(x -> x.client == c)) c.close();
      throw e;
    }
  }

  public Peer subscribe(String room, String id, WebRtcTestClient.Options opts) throws Exception {
    return subscribe(room, id, opts, true, Duration.ofSeconds(10));
  }

  /** Closes every peer this object made, then the server. */
  @Override
  public void close() {
    for (Peer p : peers) {
      p.client.close();
    }
    server.close();
  }
}
