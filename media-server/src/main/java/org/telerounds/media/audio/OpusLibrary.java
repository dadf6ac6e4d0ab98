package org.telerounds.media.audio;

import java.util.Locale;
import java.util.Optional;

/**
 * Which Opus implementation a codec uses: {@code AUTO} takes the system libopus (native, through
 * {@link LibOpus}) when it loads and Concentus otherwise; {@code CONCENTUS} always takes the pure
 * Java Concentus. Both decode each other's streams; the native one costs several times less CPU.
 */
public enum OpusLibrary {
  AUTO, CONCENTUS;

  /** {@code auto} or {@code concentus}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OpusLibrary> fromWire(String s) {
    for (OpusLibrary l : values()) if (l.wireName().equals(s)) return Optional.of(l);
    return Optional.empty();
  }

  /** True when this choice resolves to native libopus on this machine. */
  public boolean usesNative() {
    return this == AUTO && LibOpus.get() != null;
  }
}
