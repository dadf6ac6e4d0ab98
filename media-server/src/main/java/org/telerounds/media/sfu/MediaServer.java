package org.telerounds.media.sfu;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.telerounds.media.enhance.EnhancementConfig;
import org.telerounds.media.config.MediaConfig;
import org.telerounds.media.ice.TurnCredentials;
import org.telerounds.media.metrics.IcePathMetrics;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.srtp.SrtpProfile;
import org.telerounds.media.tap.PacketTap;
import org.telerounds.media.transport.TransportFactory;

/**
 * The media server's whole API: join a room, then publish and subscribe through the returned
 * {@link Participant}. It owns the media port and every room on it; closing it ends them all.
 */
public final class MediaServer implements AutoCloseable {
  private final MediaContext ctx;
  private final TransportFactory transports;
  private final Map<String, Room> rooms = new HashMap<>();
  /** The rooms now, remade when one opens or closes: the timers walk it without copying. On the loop. */
  private Room[] roomSnapshot = new Room[0];
  private final ScheduledFuture<?> reports;
  private final ScheduledFuture<?> nackRetries;
  private final ScheduledFuture<?> twccFeedback; // null when TWCC is off
  private final ScheduledFuture<?> probes; // null when TWCC or probing is off
  private final io.micrometer.core.instrument.Counter periodicFailures;
  private final ThreadPoolExecutor closer;
  private final TurnCredentials turn;

  public MediaServer(MediaConfig config, MeterRegistry registry, Clock clock) {
    this(config, null, registry, clock);
  }

  /**
   * A media server that also enhances carts' voices live ({@code voice:enhanced}); with a null
   * {@code enhancement} it enhances nothing.
   */
  public MediaServer(MediaConfig config, EnhancementConfig enhancement, MeterRegistry registry, Clock clock) {
    MediaMetrics metrics = new MediaMetrics(registry);
    periodicFailures = io.micrometer.core.instrument.Counter.builder("telerounds.media.periodic.failures")
        .description("Per-participant periodic work (RTCP, TWCC feedback, allocation, probes) that threw").register(registry);
    NodeStats nodes = new NodeStats(registry, metrics);
    List<SrtpProfile> profiles = config.srtpProfiles().stream().map(SrtpProfile::valueOf).toList();
    this.transports = new TransportFactory(config.bindAddress(), config.udpPort(), profiles,
        config.consentTimeout().toMillis(), config.dtls(), config.iceTcp(), TurnRelays.of(config.turn()), metrics,
        new IcePathMetrics(registry), clock);
    this.turn = config.turn().enabled() ? new TurnCredentials(config.turn().urls(), config.turn().sharedSecret(),
        config.turn().credentialTtl(), clock) : null;
    List<String> candidates = config.advertisedAddresses().isEmpty()
        ? List.of(config.bindAddress()) : config.advertisedAddresses();
    if (candidates.contains("0.0.0.0")) {
      transports.close();
      throw new com.typesafe.config.ConfigException.BadValue("telerounds.media.advertised-addresses",
          "must be set when bind-address is 0.0.0.0");
    }
    List<PacketTap> taps = new CopyOnWriteArrayList<>();
    EnhancementContext live = null;
    if (enhancement != null) {
      // Closing an enhancer waits for its thread: done here, never on the media loop. No thread idles.
      closer = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          new io.netty.util.concurrent.DefaultThreadFactory("enhance-closer", true));
      live = new EnhancementContext(enhancement, clock, transports.port().eventLoop(), transports.port()::flush, taps,
          metrics, nodes, new EnhancementMetrics(registry), closer);
    } else {
      closer = null;
    }
    this.ctx = new MediaContext(config, transports, metrics, nodes, clock, taps,
        new CodecSelector(config.videoCodecs(), config.twcc().enabled()), candidates,
        transports.port().localAddress().getPort(), transports.tcpPort(), live, new org.telerounds.media.metrics.CongestionMetrics(registry),
        System::nanoTime);
    metrics.gauge("telerounds.media.rooms", "Rooms with at least one participant", rooms::size);
    metrics.gauge("telerounds.media.transports", "ICE/DTLS transports (two per endpoint)", transports::transports);
    long every = config.rtcpReportInterval().toMillis();
    reports = transports.port().eventLoop().scheduleAtFixedRate(this::sendReports, every, every, TimeUnit.MILLISECONDS);
    nackRetries = transports.port().eventLoop().scheduleAtFixedRate(() -> forEachParticipant(p -> {
      p.retryNacks();
      p.followTapLayers();
      p.sendPadding();
    }), 20, 20, TimeUnit.MILLISECONDS);
    long fb = config.twcc().feedbackInterval().toMillis();
    twccFeedback = config.twcc().enabled() ? transports.port().eventLoop().scheduleAtFixedRate(
        () -> forEachParticipant(p -> {
          p.sendTwccFeedback();
          p.allocateBandwidth();
          p.pauseUnusedLayers();
        }), fb, fb, TimeUnit.MILLISECONDS) : null;
    // probe clusters last 15 ms or more: padded in 5 ms steps, so each is spread, not one burst;
    // the pacers send what their budgets allow in the same steps
    boolean probing = config.twcc().probing();
    probes = config.twcc().enabled() && (probing || config.twcc().pacing().enabled())
        ? transports.port().eventLoop().scheduleAtFixedRate(
            () -> forEachParticipant(p -> p.pace(probing)), 5, 5, TimeUnit.MILLISECONDS) : null;
  }

  /** Joins (creating if needed) a room. */
  public CompletableFuture<Participant> join(String roomId, String participantId, ParticipantListener listener) {
    return CompletableFuture.supplyAsync(() -> rooms.computeIfAbsent(roomId, id -> {
      Room r = new Room(id, ctx, () -> {
        rooms.remove(id);
        roomSnapshot = rooms.values().toArray(new Room[0]);
      });
      roomSnapshot = java.util.stream.Stream.concat(java.util.Arrays.stream(roomSnapshot), java.util.stream.Stream.of(r))
          .toArray(Room[]::new);
      return r;
    }).join(participantId, listener), transports.port().eventLoop());
  }

  /** Adds a tap that sees every published packet (recorder, audio path). */
  public void addTap(PacketTap tap) { ctx.taps().add(tap); }

  public void removeTap(PacketTap tap) { ctx.taps().remove(tap); }

  /** The UDP port media flows on (useful when configured as 0). */
  public int udpPort() { return transports.port().localAddress().getPort(); }

  /** The ICE-TCP port (useful when configured as 0), or 0 when ICE-TCP is off. */
  public int tcpPort() { return transports.tcpPort(); }

  /**
   * The ICE servers for one client's RTCPeerConnections: the configured TURN URLs with fresh
   * time-limited credentials named after {@code id}; empty when no TURN server is configured.
   */
  public List<TurnCredentials.IceServer> iceServers(String id) {
    return turn == null ? List.of() : List.of(turn.issue(id));
  }

  public MediaMetrics metrics() { return ctx.metrics(); }

  /** Number of rooms, read on the media loop. */
  public CompletableFuture<Integer> roomCount() {
    return CompletableFuture.supplyAsync(rooms::size, transports.port().eventLoop());
  }

  private void sendReports() {
    forEachParticipant(Participant::sendReports);
  }

  private void forEachParticipant(java.util.function.Consumer<Participant> work) {
    for (Room r : roomSnapshot) {
      for (Participant p : r.snapshot()) {
        try {
          work.accept(p);
        } catch (RuntimeException e) {
          // the timers run every 5 to 100 ms: a fault that repeats is counted, and logged at the
          // first time and every 1,000th after, not 10 times a second
          periodicFailures.increment();
          long n = (long) periodicFailures.count();
          if (n == 1 || n % 1000 == 0) {
            org.slf4j.LoggerFactory.getLogger("media.rtcp").warn("periodic RTCP work failed ({} times so far)", n, e);
          }
        }
      }
    }
    transports.port().flush();
  }

  @Override
  public void close() {
    reports.cancel(false);
    nackRetries.cancel(false);
    if (twccFeedback != null) twccFeedback.cancel(false);
    if (probes != null) probes.cancel(false);
    try {
      CompletableFuture.runAsync(() -> {
        for (Room r : List.copyOf(rooms.values())) r.participants().forEach(Participant::doLeave);
      }, transports.port().eventLoop()).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    if (closer != null) { // enhancers of the rooms just ended close there
      closer.shutdown();
      try {
        closer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    transports.close();
  }
}
