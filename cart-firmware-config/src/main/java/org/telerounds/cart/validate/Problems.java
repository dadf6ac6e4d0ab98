package org.telerounds.cart.validate;

import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one profile, in the order found. In a base profile (a model's shared
 * settings, checked on its own) missing keys and missing roles are not problems, because the carts
 * that extend it supply them; {@link #missing} then records nothing.
 */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();
  private final boolean base;

  /** A collector for a complete cart profile ({@code base} false) or a base profile. */
  public Problems(boolean base) {
    this.base = base;
  }

  /** Whether this is a base profile, where missing keys are allowed. */
  public boolean isBase() {
    return base;
  }

  /** Records that {@code path} holds {@code found} where {@code expected} was expected. */
  public void add(String path, String expected, String found, ConfigOrigin origin) {
    Where where = Where.of(origin);
    list.add(new Problem(path, expected, found, where.file(), where.line()));
  }

  /** Records that {@code path} is missing ({@code found} says how), unless this is a base profile. */
  public void missing(String path, String expected, String found, ConfigOrigin origin) {
    if (!base) {
      add(path, expected, found, origin);
    }
  }

  /** Whether nothing was recorded. */
  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** How many problems were recorded so far. */
  public int size() {
    return list.size();
  }

  /** The problems so far, in the order found. */
  public List<Problem> list() {
    return List.copyOf(list);
  }
}
