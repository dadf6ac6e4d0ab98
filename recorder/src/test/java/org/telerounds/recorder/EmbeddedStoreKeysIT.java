package org.telerounds.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.recorder.store.EmbeddedS3;
import org.telerounds.recorder.store.ObjectStore;

/**
 * The embedded S3 store with its real S3Proxy: the once built-in keys open nothing, generated keys
 * do, and a store written by the old layout (key next to the data) stays readable after the key
 * moves to the private secrets directory.
 */
class EmbeddedStoreKeysIT {
  @TempDir Path tmp;

  private Config config(int port, Map<String, Object> more) {
    Map<String, Object> m = new HashMap<>(Map.of(
        "telerounds.recorder.spool-dir", tmp.resolve("data/spool").toString(),
        "telerounds.recorder.storage.embedded-dir", tmp.resolve("data/s3").toString(),
        "telerounds.recorder.storage.secrets-dir", tmp.resolve("secrets").toString(),
        "telerounds.recorder.storage.embedded-port", port));
    m.putAll(more);
    return ConfigFactory.parseMap(m).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void oldLayoutStaysReadableAndBuiltInKeysOpenNothing() throws Exception {
    // A store as the old code left it: built-in keys, encryption key at data/s3-encryption.key.
    byte[] key = new byte[48];
    new java.security.SecureRandom().nextBytes(key);
    Path legacy = tmp.resolve("data/s3-encryption.key");
    Files.createDirectories(legacy.getParent());
    Files.writeString(legacy, Base64.getEncoder().encodeToString(key) + "\n");
    byte[] recording = "a recording written before the upgrade".getBytes(StandardCharsets.UTF_8);
    try (EmbeddedS3 old = EmbeddedS3.start(tmp.resolve("data/s3"), 0, "telerounds", "telerounds-dev-secret", key);
        ObjectStore s = new ObjectStore(old.endpoint(), "us-east-1", "telerounds-recordings", "telerounds",
            "telerounds-dev-secret")) {
      s.ensureBucket();
      s.putBytes("rounds/r1/manifest.json", recording, "application/json");
    }

    int port = freePort();
    RecorderConfig rc = RecorderConfig.from(config(port, Map.of()));
    assertThat(rc.accessKey()).isEmpty();
    assertThat(rc.embeddedKeyFile()).isEqualTo(tmp.resolve("secrets/s3-encryption.key"));
    try (Recorder r = Recorder.start(rc, Clock.systemUTC(), new SimpleMeterRegistry())) {
      assertThat(r.store().get("rounds/r1/manifest.json")).isEqualTo(recording);
      assertThat(legacy).doesNotExist();
      assertThat(tmp.resolve("secrets/s3-encryption.key")).exists();
      String endpoint = "http://127.0.0.1:" + port;
      try (ObjectStore builtIn = new ObjectStore(endpoint, "us-east-1", "telerounds-recordings", "telerounds",
          "telerounds-dev-secret")) {
        assertThatThrownBy(() -> builtIn.get("rounds/r1/manifest.json")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> builtIn.list("rounds/")).isInstanceOf(Exception.class);
      }
      String creds = Files.readString(tmp.resolve("secrets/s3-credentials"));
      String access = creds.replaceAll("(?s).*access-key=([^\n]+).*", "$1");
      String secret = creds.replaceAll("(?s).*secret-key=([^\n]+).*", "$1");
      try (ObjectStore generated = new ObjectStore(endpoint, "us-east-1", "telerounds-recordings", access, secret)) {
        assertThat(generated.get("rounds/r1/manifest.json")).isEqualTo(recording);
      }
    }
    // the data directory holds no key and no credential
    try (var files = Files.walk(tmp.resolve("data"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("key") || n.contains("cred"));
    }
  }

  @Test
  void configRefusesBuiltInKeysAndKeysInsideTheData() {
    assertThatThrownBy(() -> RecorderConfig.from(config(0, Map.of("telerounds.recorder.storage.access-key",
        "telerounds", "telerounds.recorder.storage.secret-key", "telerounds-dev-secret"))))
        .hasMessageContaining("storage.secret-key").hasMessageContaining("published default");
    assertThatThrownBy(() -> RecorderConfig.from(config(0, Map.of("telerounds.recorder.storage.secrets-dir",
        tmp.resolve("data/s3/keys").toString())))).hasMessageContaining("storage.secrets-dir");
    assertThatThrownBy(() -> RecorderConfig.from(config(0, Map.of("telerounds.recorder.storage.embedded-key-file",
        tmp.resolve("data/s3/k.key").toString())))).hasMessageContaining("storage.embedded-key-file");
  }
}
