package org.telerounds.recorder;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import org.telerounds.media.config.ConfigKeys;
import org.telerounds.recorder.ffmpeg.FfmpegLocator;

/**
 * {@code telerounds.recorder.*} (see reference.conf and docs/recording.md). With an empty
 * {@code storage.endpoint} the recorder starts its own S3 server (S3Proxy) on loopback.
 */
public record RecorderConfig(boolean enabled, Duration segmentLength, Path spoolDir, long spoolMaxBytes,
    int queuePackets, String endpoint, String region, String bucket, String accessKey, String secretKey,
    Path embeddedDir, int embeddedPort, boolean composite, Duration finishTimeout, Encryption encryption,
    String kmsKeyId, Path embeddedKeyFile, Duration downloadUrlTtl, org.telerounds.recorder.archive.RetentionPolicy retention,
    Path secretsDir, Duration writeRetry, FfmpegLocator.Source ffmpeg) {

  /** Access keys telerounds once shipped as defaults; refused everywhere, since anyone can read them. */
  static final java.util.Set<String> BUILT_IN_KEYS = java.util.Set.of("telerounds", "telerounds-dev-secret",
      "minioadmin", "changeme");

  /** Encryption at rest: the store's own (SSE-S3, SSE-KMS; the embedded store's key file) or none. */
  public enum Encryption { SSE_S3, SSE_KMS, NONE;
    static Encryption parse(String s) {
      return switch (s) {
        case "sse-s3" -> SSE_S3;
        case "sse-kms" -> SSE_KMS;
        case "none" -> NONE;
        default -> throw new ConfigException.BadValue(P + "storage.encryption",
            "must be sse-s3, sse-kms or none, not \"" + s + "\"");
      };
    }
  }

  static final String P = "telerounds.recorder.";

  public static RecorderConfig from(Config root) {
    ConfigKeys.rejectUnknown(root, "telerounds.recorder");
    Config c = root.getConfig("telerounds.recorder");
    ConfigKeys.rejectUnknown(root, "telerounds.recorder.storage");
    Duration seg = c.getDuration("segment-length");
    if (seg.toMillis() < 1000 || seg.toMillis() > 60_000) {
      throw new ConfigException.BadValue(P + "segment-length", "must be from 1s to 60s, not " + seg);
    }
    long spoolMax = c.getBytes("spool-max-size");
    if (spoolMax < 16L << 20) throw new ConfigException.BadValue(P + "spool-max-size", "must be at least 16 MiB");
    int queue = c.getInt("queue-packets");
    if (queue < 64) throw new ConfigException.BadValue(P + "queue-packets", "must be at least 64");
    String endpoint = c.getString("storage.endpoint").trim();
    String bucket = c.getString("storage.bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException.BadValue(P + "storage.bucket", "must be a valid S3 bucket name (3-63 of a-z 0-9 . -)");
    }
    String access = c.getString("storage.access-key");
    String secret = c.getString("storage.secret-key");
    if (!endpoint.isEmpty() && (access.isEmpty() || secret.isEmpty())) {
      throw new ConfigException.BadValue(P + "storage", "an external endpoint needs access-key and secret-key");
    }
    int port = c.getInt("storage.embedded-port");
    if (port < 0 || port > 65535) throw new ConfigException.BadValue(P + "storage.embedded-port", "must be 0..65535");
    Encryption enc = Encryption.parse(c.getString("storage.encryption"));
    String kms = c.getString("storage.kms-key-id").trim();
    if (enc == Encryption.SSE_KMS && kms.isEmpty()) {
      throw new ConfigException.BadValue(P + "storage.kms-key-id", "sse-kms needs the KMS key id");
    }
    if (enc == Encryption.SSE_KMS && !endpoint.isEmpty() && !endpoint.startsWith("https://")) {
      throw new ConfigException.BadValue(P + "storage.encryption", "sse-kms needs an https:// endpoint");
    }
    if (BUILT_IN_KEYS.contains(access) || BUILT_IN_KEYS.contains(secret)) {
      throw new ConfigException.BadValue(P + "storage.secret-key", "a published default credential is not accepted;"
          + " leave access-key and secret-key empty for the embedded store (keys are generated into secrets-dir)");
    }
    if (access.isEmpty() != secret.isEmpty()) {
      throw new ConfigException.BadValue(P + "storage", "set both access-key and secret-key, or neither");
    }
    Path data = Path.of(c.getString("storage.embedded-dir"));
    Path secrets = Path.of(c.getString("storage.secrets-dir"));
    String keyFileSetting = c.getString("storage.embedded-key-file").trim();
    Path keyFile = keyFileSetting.isEmpty() ? secrets.resolve("s3-encryption.key") : Path.of(keyFileSetting);
    if (inside(secrets, data)) {
      throw new ConfigException.BadValue(P + "storage.secrets-dir", "must not be inside embedded-dir (" + data
          + "): keys are kept apart from the data they protect");
    }
    if (inside(keyFile, data)) {
      throw new ConfigException.BadValue(P + "storage.embedded-key-file", "must not be inside embedded-dir (" + data
          + "): keys are kept apart from the data they protect");
    }
    Duration ttl = c.getDuration("download-url-ttl");
    if (ttl.toSeconds() < 10 || ttl.toHours() > 12) {
      throw new ConfigException.BadValue(P + "download-url-ttl", "must be from 10s to 12h, not " + ttl);
    }
    Duration retry = c.getDuration("write-retry");
    if (retry.toMillis() < 100 || retry.toSeconds() > 60) {
      throw new ConfigException.BadValue(P + "write-retry", "must be from 100ms to 60s, not " + retry);
    }
    FfmpegLocator.Source ffmpeg;
    try {
      ffmpeg = FfmpegLocator.Source.parse(c.getString("ffmpeg"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(P + "ffmpeg", e.getMessage());
    }
    return new RecorderConfig(c.getBoolean("enabled"), seg, Path.of(c.getString("spool-dir")), spoolMax, queue,
        endpoint, c.getString("storage.region"), bucket, access, secret, data,
        port, c.getBoolean("composite"), c.getDuration("finish-timeout"), enc, kms, keyFile, ttl,
        org.telerounds.recorder.archive.RetentionPolicy.from(c.getConfig("retention"), P + "retention"), secrets, retry, ffmpeg);
  }

  private static boolean inside(Path p, Path dir) {
    return p.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
  }

  /**
   * Where the embedded store's encryption key was kept before it moved to {@link #secretsDir}: next
   * to {@code embedded-dir}. A key found there is moved on start.
   */
  public java.util.List<Path> legacyKeyFiles() {
    Path parent = embeddedDir.toAbsolutePath().normalize().getParent();
    return parent == null ? java.util.List.of() : java.util.List.of(parent.resolve("s3-encryption.key"));
  }

  /** Whether the recorder starts its own S3 server. */
  public boolean embedded() {
    return endpoint.isEmpty();
  }
}
