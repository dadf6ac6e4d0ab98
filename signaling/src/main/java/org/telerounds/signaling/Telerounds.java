package org.telerounds.signaling;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.media.config.MediaConfig;
import org.telerounds.media.sfu.MediaServer;
import org.telerounds.signaling.audit.LoggingAuditLog;
import org.telerounds.signaling.auth.JwtVerifier;
import org.telerounds.signaling.carts.CartConfigStore;
import org.telerounds.signaling.carts.CartRoutes;
import org.telerounds.signaling.carts.CartSigningKey;
import org.telerounds.signaling.auth.TokenMinter;
import org.telerounds.signaling.config.ConfigLoader;
import org.telerounds.signaling.config.ModeChecks;
import org.telerounds.signaling.config.SignalingConfig;
import org.telerounds.signaling.http.ServerContext;
import org.telerounds.signaling.http.SignalingServer;
import org.telerounds.recorder.Recorder;
import org.telerounds.recorder.RecorderConfig;
import org.telerounds.media.transcribe.LiveTranscription;
import org.telerounds.media.transcribe.TranscriptionConfig;
import org.telerounds.media.transcribe.TranscriptionService;
import org.telerounds.signaling.rooms.CaptionRelay;
import org.telerounds.signaling.rooms.RecorderRoundRecord;
import org.telerounds.signaling.rooms.RoomDirectory;
import org.telerounds.signaling.rooms.RoundRecord;
import org.telerounds.signaling.ws.SignalingMetrics;

/**
 * The telerounds process: media server plus signaling server, wired from one configuration.
 * {@code telerounds [--config FILE] [--dev]}. Closing it stops both, media first.
 */
public final class Telerounds implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("telerounds");
  private final MediaServer media;
  private final SignalingServer http;
  private final PrometheusMeterRegistry registry;

  private final java.util.concurrent.ExecutorService blocking;
  private final RoomDirectory rooms;
  private final Recorder recorder;
  private final org.telerounds.signaling.audit.AuditLog audit;
  private final TranscriptionService transcription;
  private final CaptionRelay captions;
  private final TokenMinter devTokens;

  private Telerounds(MediaServer media, SignalingServer http, PrometheusMeterRegistry registry,
      java.util.concurrent.ExecutorService blocking, RoomDirectory rooms, Recorder recorder,
      org.telerounds.signaling.audit.AuditLog audit, TranscriptionService transcription, CaptionRelay captions,
      TokenMinter devTokens) {
    this.devTokens = devTokens;
    this.audit = audit;
    this.transcription = transcription;
    this.captions = captions;
    this.rooms = rooms;
    this.recorder = recorder;
    this.media = media;
    this.http = http;
    this.registry = registry;
    this.blocking = blocking;
  }

  /**
   * Starts everything; {@code dev} turns on dev mode, which generates the JWT secret and refuses a
   * production-looking configuration (see {@link ModeChecks}).
   */
  public static Telerounds start(Config config, boolean dev, Clock clock) {
    MediaConfig mc = MediaConfig.from(config);
    SignalingConfig sc = SignalingConfig.from(config);
    boolean devMode = dev || sc.devMode();
    if (devMode) {
      ModeChecks.dev(sc);
    } else {
      ModeChecks.production(sc);
    }
    byte[] secret;
    if (devMode) {
      secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      LOG.warn("dev mode: generated a random JWT secret for this run (tokens die with the process)");
    } else if (sc.hs256Secret().isPresent()) {
      secret = sc.hs256Secret().get().getBytes(StandardCharsets.UTF_8);
    } else {
      throw new ConfigException.BadValue("telerounds.signaling.auth.hs256-secret",
          "must be set (at least 32 characters), or start with --dev for a generated development secret");
    }
    RSAPublicKey rsa = sc.rs256PublicKey().map(Telerounds::readRsaKey).orElse(null);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    org.telerounds.media.config.ConfigKeys.rejectUnknown(config, "telerounds.carts");
    Path cartStore = Path.of(config.getString("telerounds.carts.store-dir"));
    CartConfigStore carts;
    try {
      carts = new CartConfigStore(cartStore, CartSigningKey.load(config.getString("telerounds.carts.signing-key"),
          Path.of(config.getString("telerounds.recorder.storage.secrets-dir")), cartStore));
    } catch (Exception e) {
      throw new ConfigException.BadValue("telerounds.carts", "cannot open the cart store or signing key: "
          + e.getMessage());
    }
    java.util.concurrent.ExecutorService blocking = java.util.concurrent.Executors.newFixedThreadPool(2,
        new io.netty.util.concurrent.DefaultThreadFactory("blocking-io", true));
    MediaServer media = new MediaServer(mc, org.telerounds.media.enhance.EnhancementConfig.from(config), registry, clock);
    Recorder recorder = null;
    org.telerounds.signaling.audit.AuditLog auditLog = null;
    TranscriptionService transcription = null;
    CaptionRelay captions = null;
    try {
      RecorderConfig rc = RecorderConfig.from(config);
      RoundRecord record = RoundRecord.NONE;
      if (rc.enabled()) {
        recorder = Recorder.start(rc, clock, registry);
        media.addTap(recorder);
        record = new RecorderRoundRecord(recorder, new org.telerounds.signaling.carts.CartIdentities(carts), blocking);
      } else {
        LOG.warn("recording is off (telerounds.recorder.enabled = false): rounds are not recorded");
      }
      TokenMinter minter = devMode ? new TokenMinter(secret, sc.issuer().orElse(null), clock) : null;
      JwtVerifier verifier = new JwtVerifier(secret, rsa, sc.issuer().orElse(null), clock);
      org.telerounds.signaling.audit.AuditService chain = recorder == null ? null
          : org.telerounds.signaling.audit.AuditService.start(config, recorder.store(), clock, registry);
      if (chain == null) LOG.warn("no object store: the audit log goes to the log file only, without a hash chain");
      org.telerounds.signaling.audit.AuditLog audit = chain != null ? chain
          : new org.telerounds.signaling.audit.CoalescingAuditLog(new LoggingAuditLog(), clock,
              java.time.Duration.ofSeconds(1), n -> { });
      auditLog = audit;
      transcription = new TranscriptionService(TranscriptionConfig.from(config), registry, clock);
      LiveTranscription live = null;
      if (transcription.enabled()) {
        live = new LiveTranscription(transcription, clock);
        media.addTap(live);
      } else {
        LOG.info("live captions are off (telerounds.transcription.enabled = false)");
      }
      captions = new CaptionRelay(live, recorder == null ? null : CaptionRelay.TranscriptSink.to(recorder),
          new org.telerounds.signaling.carts.CartIdentities(carts), blocking, clock);
      RoomDirectory rooms = new RoomDirectory(record, captions);
      ServerContext ctx = new ServerContext(sc, verifier, minter, media, rooms, registry,
          new SignalingMetrics(registry), audit, new CartRoutes(carts, verifier, audit, blocking),
          new org.telerounds.signaling.archive.ArchiveRoutes(verifier, blocking,
              recorder == null ? null : recorder.archive(),
              recorder == null ? java.util.List::of : recorder::roundsInProgress, chain, audit), clock,
          new org.telerounds.signaling.ws.ResumeRegistry(sc.resumeWindow()));
      SignalingServer http = new SignalingServer(ctx);
      String scheme = sc.tls() ? "https" : "http";
      LOG.info("telerounds listening: {}://{}:{} (pages /cart /expert, WebSocket /ws), media UDP {}:{}", scheme,
          sc.bindAddress(), http.localAddress().getPort(), mc.bindAddress(), media.udpPort());
      if (devMode) {
        LOG.warn("DEV MODE: GET /api/dev/token mints tokens (audited) for loopback clients naming a loopback host."
            + " Never run this in production.");
      }
      return new Telerounds(media, http, registry, blocking, rooms, recorder, audit, transcription, captions, minter);
    } catch (RuntimeException | java.io.IOException e) {
      if (auditLog instanceof AutoCloseable a) closeQuietly(a);
      if (captions != null) captions.close();
      if (transcription != null) transcription.close();
      if (recorder != null) recorder.close();
      media.close();
      blocking.shutdownNow();
      if (e instanceof java.io.IOException io) {
        throw new ConfigException.BadValue("telerounds.recorder", "cannot start the recorder: " + io.getMessage());
      }
      throw (RuntimeException) e;
    }
  }

  private static void closeQuietly(AutoCloseable a) {
    try {
      a.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", a.getClass().getSimpleName(), e.toString());
    }
  }

  private static RSAPublicKey readRsaKey(String path) {
    try {
      String pem = Files.readString(Path.of(path));
      String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
          .decode(b64)));
    } catch (Exception e) {
      throw new ConfigException.BadValue("telerounds.signaling.auth.rs256-public-key",
          "cannot read an RSA public key (PEM, SubjectPublicKeyInfo) from " + path + ": " + e.getMessage());
    }
  }

  public int httpPort() { return http.localAddress().getPort(); }
  public int mediaPort() { return media.udpPort(); }
  public MediaServer media() { return media; }
  public PrometheusMeterRegistry registry() { return registry; }
  public RoomDirectory rooms() { return rooms; }
  /** The recorder, or null when recording is off. */
  public Recorder recorder() { return recorder; }
  public org.telerounds.signaling.audit.AuditLog audit() { return audit; }
  /** Dev mode's token minter (its secret is generated per run), or null in production. */
  public TokenMinter devTokens() { return devTokens; }

  @Override
  public void close() {
    http.close();
    media.close();
    captions.close(); // open rounds' transcripts go to the recorder before it ends their rounds
    transcription.close();
    if (audit instanceof AutoCloseable a) closeQuietly(a); // after signaling: every entry of the run written
    if (recorder != null) {
      // Open rounds are closed and finished; what does not finish in time is finished at the next start.
      recorder.shutdown(java.time.Duration.ofSeconds(30));
      recorder.close();
    }
    blocking.shutdown();
    registry.close();
  }

  /**
   * {@code telerounds [--config FILE] [--dev]} serves; {@code telerounds enhance …} and
   * {@code telerounds transcribe …} run the offline tools; {@code telerounds --help} lists them.
   */
  public static void main(String[] args) {
    int rc = org.telerounds.media.cli.Cli.execute(new Main(), "telerounds", args, System.out, System.err);
    // A native audio library prints "VM attach current thread failed" on stdout as the JVM exits:
    // stdout carries only results, so it is closed first.
    System.out.flush();
    System.out.close();
    System.exit(rc);
  }

  @picocli.CommandLine.Command(name = "telerounds", mixinStandardHelpOptions = true, sortOptions = false,
      versionProvider = Main.Version.class,
      subcommands = {org.telerounds.media.enhance.EnhanceCommand.class,
          org.telerounds.media.transcribe.TranscribeCommand.class},
      description = {"Serves remote ward rounds: signaling, media, recording and captions (docs/configuration.md).",
          "With a command, runs an offline tool instead."})
  static final class Main implements java.util.concurrent.Callable<Integer> {
    /** The jar's Implementation-Version (Maven's project version), or "development" outside a jar. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
      @Override
      public String[] getVersion() {
        String v = Telerounds.class.getPackage().getImplementationVersion();
        return new String[] {"telerounds " + (v == null ? "development" : v)};
      }
    }

    @picocli.CommandLine.Option(names = "--config", paramLabel = "FILE",
        description = "HOCON file overriding reference.conf (see docs/configuration.md)")
    Path configFile;
    @picocli.CommandLine.Option(names = "--dev",
        description = "development mode: loopback-only token endpoint, generated secret")
    boolean dev;

    @Override
    public Integer call() {
      Telerounds t;
      try {
        t = start(ConfigLoader.load(configFile), dev, Clock.systemUTC());
      } catch (ConfigException e) {
        System.err.println("telerounds: configuration error: " + e.getMessage());
        return 2;
      } catch (IllegalStateException e) {
        System.err.println("telerounds: cannot start: " + e.getMessage());
        return 1;
      }
      java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LOG.info("shutting down");
        t.close();
        stopped.countDown();
      }, "shutdown"));
      try {
        stopped.await(); // server threads are daemons: main keeps the process alive until SIGTERM/SIGINT
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }
}
