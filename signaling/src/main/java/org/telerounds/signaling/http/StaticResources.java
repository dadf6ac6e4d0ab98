package org.telerounds.signaling.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The pages and scripts under {@code /web} on the classpath, read once and kept in memory. */
final class StaticResources {
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  /** The file's bytes, or null if there is no such resource. Names are a fixed allow-list shape. */
  byte[] get(String name) {
    if (!name.matches("[a-z0-9-]+\\.(html|js|css)")) return null;
    return cache.computeIfAbsent(name, n -> {
      try (InputStream in = StaticResources.class.getResourceAsStream("/web/" + n)) {
        return in == null ? null : in.readAllBytes();
      } catch (IOException e) {
        return null;
      }
    });
  }

  static String typeOf(String name) {
    return TYPES.get(name.substring(name.lastIndexOf('.') + 1));
  }
}
