package org.telerounds.media.transcribe;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.telerounds.media.config.ConfigKeys;
import org.telerounds.media.transcribe.engine.EngineSettings;

/**
 * Typed, immutable view of {@code telerounds.transcription}: whether it is on, the default engine
 * and model, per-hospital/per-room overrides, and the feed's queue and segmentation settings.
 */
public record TranscriptionConfig(
    boolean enabled,
    EngineSettings defaults,
    List<RoomOverride> overrides,
    int threads,
    int queueChunks,
    int partialBacklog,
    Duration partialInterval,
    double vadThresholdDb,
    Duration preRoll,
    Duration trailingSilence,
    Duration minSpeech,
    Duration maxUtterance,
    boolean cartVoiceEnhanced) {
  private static final String P = "telerounds.transcription.";
  private static final Set<String> OVERRIDE_KEYS = Set.of("hospital", "room", "engine", "model-dir", "language");

  /** One {@code overrides} entry: a hospital and/or a room (either may be null) with its own engine/model. */
  public record RoomOverride(String hospital, String room, EngineSettings settings) {}

  public TranscriptionConfig {
    overrides = List.copyOf(overrides);
  }

  /** Reads and validates the {@code telerounds.transcription} section. */
  public static TranscriptionConfig from(Config root) {
    ConfigKeys.rejectUnknown(root, "telerounds.transcription");
    String engine = root.getString(P + "engine");
    String language = root.getString(P + "language");
    checkEngine(engine, P + "engine");
    EngineSettings defaults = settings(engine, modelDir(root, engine, P), language, P + engine + ".model-dir");
    List<RoomOverride> overrides = new ArrayList<>();
    List<? extends Config> list = root.getConfigList(P + "overrides");
    for (int i = 0; i < list.size(); i++) {
      Config o = list.get(i);
      String key = P + "overrides[" + i + "]";
      for (var e : o.entrySet()) {
        ConfigKeys.require(OVERRIDE_KEYS.contains(e.getKey()), key + "." + e.getKey(),
            "one of " + OVERRIDE_KEYS, "an unknown key");
      }
      if (!o.hasPath("hospital") && !o.hasPath("room")) {
        throw new ConfigException.BadValue(key, "needs a hospital, a room or both");
      }
      String oe = o.hasPath("engine") ? o.getString("engine") : engine;
      checkEngine(oe, key + ".engine");
      String dir = o.hasPath("model-dir") ? o.getString("model-dir") : modelDir(root, oe, P);
      String dirKey = o.hasPath("model-dir") ? key + ".model-dir" : P + oe + ".model-dir";
      overrides.add(new RoomOverride(o.hasPath("hospital") ? o.getString("hospital") : null,
          o.hasPath("room") ? o.getString("room") : null,
          settings(oe, dir, o.hasPath("language") ? o.getString("language") : language, dirKey)));
    }
    TranscriptionConfig c = new TranscriptionConfig(
        root.getBoolean(P + "enabled"), defaults, overrides,
        root.getInt(P + "threads"),
        root.getInt(P + "queue-chunks"),
        root.getInt(P + "partial-backlog"),
        root.getDuration(P + "partial-interval"),
        root.getDouble(P + "vad.threshold-db"),
        root.getDuration(P + "vad.pre-roll"),
        root.getDuration(P + "vad.trailing-silence"),
        root.getDuration(P + "vad.min-speech"),
        root.getDuration(P + "vad.max-utterance"),
        cartVoice(root.getString(P + "cart-voice")));
    c.validate();
    return c;
  }

  /** {@code cart-voice}: "enhanced" (voice:enhanced when it exists) or "raw" (always mic:patient). */
  private static boolean cartVoice(String v) {
    ConfigKeys.require(v.equals("enhanced") || v.equals("raw"), P + "cart-voice", "enhanced or raw", v);
    return v.equals("enhanced");
  }

  private static String modelDir(Config root, String engine, String p) {
    return root.getString(p + engine + ".model-dir");
  }

  private static EngineSettings settings(String engine, String dir, String language, String key) {
    return new EngineSettings(engine, Path.of(dir), language, key);
  }

  private static void checkEngine(String engine, String key) {
    ConfigKeys.require(engine.equals(EngineSettings.POCKETSPHINX) || engine.equals(EngineSettings.VOSK),
        key, "pocketsphinx or vosk", engine);
  }

  private void validate() {
    ConfigKeys.require(threads >= 0 && threads <= 64, P + "threads", "0 (auto) .. 64", threads);
    ConfigKeys.require(queueChunks >= 4, P + "queue-chunks", "at least 4", queueChunks);
    ConfigKeys.require(partialBacklog >= 0 && partialBacklog < queueChunks, P + "partial-backlog",
        "0 .. queue-chunks - 1", partialBacklog);
    ConfigKeys.require(partialInterval.toMillis() >= 100, P + "partial-interval", "at least 100ms", partialInterval);
    ConfigKeys.require(vadThresholdDb >= 1 && vadThresholdDb <= 40, P + "vad.threshold-db", "1 .. 40", vadThresholdDb);
    ConfigKeys.require(!preRoll.isNegative() && preRoll.toMillis() <= 1000, P + "vad.pre-roll", "0 .. 1s", preRoll);
    ConfigKeys.require(trailingSilence.toMillis() >= 100 && trailingSilence.toMillis() <= 5000,
        P + "vad.trailing-silence", "100ms .. 5s", trailingSilence);
    ConfigKeys.require(!minSpeech.isNegative(), P + "vad.min-speech", "a non-negative duration", minSpeech);
    ConfigKeys.require(maxUtterance.toMillis() >= 1000, P + "vad.max-utterance", "at least 1s", maxUtterance);
  }

  /**
   * The engine and model for a room: an override naming its hospital and room, else one naming
   * only the room (any hospital; live rounds do not know their hospital), else its hospital's,
   * else the default.
   */
  public EngineSettings resolve(String hospital, String room) {
    EngineSettings forRoom = null;
    EngineSettings forHospital = null;
    for (RoomOverride o : overrides) {
      boolean roomMatches = o.room != null && o.room.equals(room);
      if (o.hospital != null && o.hospital.equals(hospital) && roomMatches) {
        return o.settings;
      }
      if (o.hospital == null && roomMatches && forRoom == null) {
        forRoom = o.settings;
      }
      if (o.hospital != null && o.hospital.equals(hospital) && o.room == null && forHospital == null) {
        forHospital = o.settings;
      }
    }
    return forRoom != null ? forRoom : forHospital != null ? forHospital : defaults;
  }

  /** Recognition threads: {@code threads}, or half the cores (at least 1) when 0. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /** A fresh segmenter with these settings. */
  public VoiceActivitySegmenter newSegmenter() {
    return new VoiceActivitySegmenter(vadThresholdDb, frames(preRoll), frames(trailingSilence),
        frames(maxUtterance), frames(minSpeech));
  }

  public int partialIntervalFrames() {
    return frames(partialInterval);
  }

  private static int frames(Duration d) {
    return (int) (d.toMillis() / 10);
  }
}
