package org.telerounds.media.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Start-up checks shared by every module's typed config: unknown keys and out-of-range values stop
 * the server with a message that names the key, as LiveKit and JVB do.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /**
   * Fails if {@code root} has a key under {@code path} that the module's {@code reference.conf}
   * does not define. Both trees are compared leaf by leaf.
   */
  public static void rejectUnknown(Config root, String path) {
    Config reference = ConfigFactory.defaultReference();
    if (!root.hasPath(path) || !reference.hasPath(path)) {
      return;
    }
    Config known = reference.getConfig(path);
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ?> e : root.getConfig(path).entrySet()) {
      if (!known.hasPathOrNull(e.getKey()) && !isUnderOpenMap(known, e.getKey())) {
        unknown.add(path + "." + e.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException.BadPath(unknown.get(0),
          "unknown configuration key(s) " + unknown + " (see reference.conf for the supported keys)");
    }
  }

  /** A reference key whose value is an empty object ({@code {}}) accepts any sub-keys. */
  private static boolean isUnderOpenMap(Config known, String key) {
    String[] parts = key.split("\\.");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      if (i > 0) prefix.append('.');
      prefix.append(parts[i]);
      String p = prefix.toString();
      if (known.hasPath(p) && known.getValue(p) instanceof com.typesafe.config.ConfigObject o && o.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Throws a {@link ConfigException.BadValue} naming {@code key} unless {@code ok}. */
  public static void require(boolean ok, String key, String expected, Object found) {
    if (!ok) {
      throw new ConfigException.BadValue(key, "expected " + expected + " but found " + found);
    }
  }
}
