package org.telerounds.cart.load;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.net.URL;

/**
 * The HOCON includer for profiles: it refuses every {@code include}, whatever its form
 * ({@code include "x"}, {@code file(...)}, {@code url(...)}, {@code classpath(...)}, each also
 * inside {@code required(...)}), before anything is opened or fetched. A profile is uploaded by an
 * admin and must not read server files, the server's own configuration or URLs. It implements
 * every includer interface, since Typesafe Config falls back to its default includer for any form
 * the custom one does not handle. The only way a profile reaches other text is its
 * {@code extends}, which {@link ProfileLoader} resolves from the cart store.
 */
final class NoIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
  static final NoIncludes INSTANCE = new NoIncludes();

  /** Thrown while parsing, at the first include; the message names the line, never the target. */
  static final class Refused extends ConfigException {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("include is not allowed in a profile (a profile is self-contained; only"
          + " extends = \"<model>\" names a base profile from the cart store)");
    }
  }

  private NoIncludes() {}

  @Override
  public ConfigIncluder withFallback(ConfigIncluder fallback) {
    return this; // never fall back to an includer that would open the target
  }

  @Override
  public ConfigObject include(ConfigIncludeContext context, String what) {
    throw refused(context);
  }

  @Override
  public ConfigObject includeFile(ConfigIncludeContext context, File what) {
    throw refused(context);
  }

  @Override
  public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
    throw refused(context);
  }

  @Override
  public ConfigObject includeResources(ConfigIncludeContext context, String what) {
    throw refused(context);
  }

  private static Refused refused(ConfigIncludeContext context) {
    return new Refused(); // the loader names the file; the include's target is never echoed
  }
}
