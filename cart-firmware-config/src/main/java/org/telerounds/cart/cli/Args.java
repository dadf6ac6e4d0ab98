package org.telerounds.cart.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: positional arguments, and options that are either flags
 * ({@code --base}) or take one value ({@code --out FILE} or {@code --out=FILE}). Unknown options
 * and missing values are {@link UsageException}s; {@code --} ends the options.
 */
public final class Args {
  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();

  private Args() {}

  /** Parses {@code tokens}, accepting the flags and valued options named. */
  public static Args parse(List<String> tokens, Set<String> flagNames, Set<String> valued) throws UsageException {
    Args a = new Args();
    boolean options = true;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (options && t.equals("--")) {
        options = false;
      } else if (options && t.startsWith("--")) {
        int eq = t.indexOf('=');
        String name = eq < 0 ? t : t.substring(0, eq);
        if (flagNames.contains(name) && eq < 0) {
          a.flags.add(name);
        } else if (valued.contains(name)) {
          String value = eq >= 0 ? t.substring(eq + 1) : (i + 1 < tokens.size() ? tokens.get(++i) : null);
          if (value == null || value.isEmpty()) {
            throw new UsageException(name + " needs a value");
          }
          a.values.put(name, value);
        } else {
          throw new UsageException("unknown option " + name);
        }
      } else {
        a.positional.add(t);
      }
    }
    return a;
  }

  /** The positional arguments, in order. */
  public List<String> positional() {
    return List.copyOf(positional);
  }

  /** The only positional argument, or a usage error naming {@code what} it should be. */
  public String single(String what) throws UsageException {
    if (positional.size() != 1) {
      throw new UsageException("expected exactly one " + what + ", got " + positional.size() + " arguments");
    }
    return positional.get(0);
  }

  /** Whether the flag {@code name} was given. */
  public boolean flag(String name) {
    return flags.contains(name);
  }

  /** The path given with option {@code name}, or {@code null}. */
  public Path path(String name) {
    String v = values.get(name);
    return v == null ? null : Path.of(v);
  }

  /** The path given with option {@code name}, which is required. */
  public Path requiredPath(String name) throws UsageException {
    Path p = path(name);
    if (p == null) {
      throw new UsageException("missing " + name + " FILE");
    }
    return p;
  }
}
